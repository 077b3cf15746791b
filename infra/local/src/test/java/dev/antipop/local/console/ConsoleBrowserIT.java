package dev.antipop.local.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.antipop.local.LocalCloud;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: headless Chromium driven through Selenium and the chromedriver of Debian's
 * {@code chromium-driver} package, on the local cloud running the root template. The browser registers, sends
 * {@code UPDATE_PROFILE}, sees its event in the live list and under the command, finds the user in the users table
 * and the stream's events in version order, sees the mappings' lag at 0, and replays a fixture. A screenshot of each
 * view goes to {@code target/console-screenshots/}; the page's load time and transferred size are printed (never
 * asserted). Skipped, with the reason, where Chromium or chromedriver is not installed ({@code .ci/run} installs them
 * when it can).
 */
class ConsoleBrowserIT {

    /** Generous: a step may wait on a function's first (cold) start, slow on a busy machine. */
    private static final Duration WAIT = Duration.ofSeconds(45);

    /** The functions the journey invokes, in its order; warmed while the browser starts. */
    private static final List<String> JOURNEY = List.of(
            "RegisterFunction",
            "MeFunction",
            "WsConnectFunction",
            "WsMessageFunction",
            "CommandFunction",
            "UpdateProfileFunction",
            "IdentityProcessorFunction",
            "FanOutFunction");

    private static final Path SCREENSHOTS = Path.of("target/console-screenshots");

    private static LocalCloud cloud;
    private static ChromeDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        Optional<Path> chromedriver =
                executable(List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"), "chromedriver");
        Optional<Path> chromium = executable(
                List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"), "chromium");
        assumeTrue(
                chromedriver.isPresent() && chromium.isPresent(),
                "ConsoleBrowserIT skipped: needs Chromium and its chromedriver (Debian: apt-get install chromium"
                        + " chromium-driver); found chromium=" + chromium.orElse(null) + ", chromedriver="
                        + chromedriver.orElse(null));
        Files.createDirectories(SCREENSHOTS);
        cloud = LocalCloud.start(
                LocalCloud.Options.defaults(Path.of("../../template.yaml")).withEphemeralPorts());
        // Cold starts are serialised JVM-wide; start them now, in the journey's order, while Chromium starts.
        Thread.ofVirtual()
                .name("console-it-warm")
                .start(() -> JOURNEY.stream()
                        .map(cloud.functions()::get)
                        .filter(java.util.Objects::nonNull)
                        .forEach(dev.antipop.local.lambda.LocalFunction::warm));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        // Views re-render as data arrives: an element read a moment ago may be gone; look again.
        wait = (WebDriverWait) new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    private static Optional<Path> executable(List<String> candidates, String name) {
        Stream<Path> known = candidates.stream().map(Path::of);
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name));
        return Stream.concat(known, onPath).filter(Files::isExecutable).findFirst();
    }

    @Test
    void aUserRegistersSendsACommandAndFollowsItThroughEveryView() throws IOException {
        try {
            journey();
        } catch (RuntimeException | AssertionError e) {
            // What the page said and showed when it failed.
            screenshot("failure");
            driver.manage().logs().get("browser").forEach(entry -> System.out.println("browser: " + entry));
            throw e;
        }
    }

    private void journey() throws IOException {
        String url = cloud.consoleUrl().orElseThrow().toString();
        driver.get(url);
        waitReady();
        Map<?, ?> first = loadFigures();
        driver.navigate().refresh();
        waitReady();
        Map<?, ?> again = loadFigures();
        System.out.printf(
                "console load (headless Chromium %s, local cloud on loopback), from navigation start: first visit"
                        + " domInteractive %s ms, DOMContentLoaded (modules run) %s ms, ready (data loaded) %s ms, %s"
                        + " bytes transferred in %s requests (page and files %s, JSON data %s; %s bytes decoded);"
                        + " reload domInteractive"
                        + " %s ms, DOMContentLoaded %s ms, ready %s ms, %s bytes transferred%n",
                driver.getCapabilities().getBrowserVersion(),
                first.get("interactive"),
                first.get("domContentLoaded"),
                first.get("ready"),
                first.get("transferred"),
                first.get("requests"),
                first.get("files"),
                first.get("data"),
                first.get("decoded"),
                again.get("interactive"),
                again.get("domContentLoaded"),
                again.get("ready"),
                again.get("transferred"));
        screenshot("1-session-signed-out");

        // Session: register.
        String email = "browser-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        WebElement register = driver.findElement(By.id("register-form"));
        register.findElement(By.name("email")).sendKeys(email);
        register.findElement(By.name("password")).sendKeys("a long enough password");
        register.findElement(By.name("displayName")).sendKeys("Browser User");
        register.findElement(By.cssSelector("button[type=submit]")).click();
        String userId = wait.until(d -> {
            String text = d.findElement(By.id("session-panel")).getText();
            return text.contains(email)
                    ? d.findElement(By.cssSelector("#session-user code")).getText()
                    : null;
        });
        assertThat(userId).matches("[0-9]{1,20}");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("session-expiry"), "(in 1"));
        wait.until(ExpectedConditions.textToBe(By.id("ws-state"), "open"));
        screenshot("2-session");

        // Commands: UPDATE_PROFILE from its generated form; the 202, then the event it caused.
        driver.get(url + "#commands/UPDATE_PROFILE");
        WebElement displayName = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("field-displayName")));
        assertThat(displayName.getAttribute("maxlength")).isEqualTo("64");
        displayName.sendKeys("Renamed In Browser");
        driver.findElement(By.id("command-send")).click();
        wait.until(ExpectedConditions.textToBe(By.id("command-status"), "202"));
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("li.caused-event[data-type='identity.user_profile_updated']")));
        screenshot("3-commands");

        // Live events: the event frame in the list, found with the filter.
        driver.get(url + "#live");
        WebElement filter = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("frame-filter")));
        filter.sendKeys("user_profile_updated");
        wait.until(d -> d.findElements(By.cssSelector("#frames li.frame.in[data-op='event']")).stream()
                .anyMatch(li -> li.getText().contains("identity.user_profile_updated")));
        // Emptied as a person would (an input event, which WebElement.clear() does not fire).
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        // A resumed subscription: the stream's stored events from version 1, then the ack (frames out and in).
        WebElement sub = driver.findElement(By.id("sub-form"));
        sub.findElement(By.name("target")).sendKeys("user." + userId + ".events");
        sub.findElement(By.name("start_seq")).sendKeys("1");
        sub.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("subscriptions"), "ack"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#frames li.frame.out[data-op='sub']")));
        wait.until(d -> d.findElements(By.cssSelector("#frames li.frame.in[data-op='event']"))
                        .size()
                >= 3);
        screenshot("4-live");

        // Tables: the users table, queried by the user's id; the item as JSON.
        String users = cloud.stack().stackName() + "-UsersTable";
        driver.get(url + "#tables");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("tr[data-table='" + users + "'] a")))
                .click();
        WebElement items = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("items-form")));
        items.findElement(By.name("partition")).sendKeys(userId);
        items.findElement(By.cssSelector("button[type=submit]")).click();
        // Found and clicked in one step, looked for again if the list was replaced in between.
        wait.until(d -> {
            WebElement row = d.findElements(By.cssSelector("#items tr.item")).stream()
                    .filter(tr -> tr.getText().contains("Renamed In Browser"))
                    .findFirst()
                    .orElse(null);
            if (row == null) {
                return false;
            }
            row.click();
            return true;
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("item-json-body"), "Renamed In Browser"));
        screenshot("5-tables-users");

        // The events table: the user's stream in version order.
        String events = cloud.stack().stackName() + "-IdentityEventsTable";
        driver.get(url + "#tables/" + events);
        WebElement stream = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("stream-form")));
        stream.findElement(By.name("stream")).sendKeys("user-" + userId);
        stream.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#items p.muted"), "stream user-" + userId + " in version order"));
        List<String> versions = wait.until(d -> {
            List<String> found = d.findElements(By.cssSelector("#items tr.item td.key:nth-child(2)")).stream()
                    .map(WebElement::getText)
                    .toList();
            return found.size() >= 2 ? found : null;
        });
        assertThat(versions).startsWith("1", "2");
        screenshot("6-tables-events-stream");

        // Mappings and functions: every mapping back to 0 records behind, the processor having delivered both events.
        driver.get(url + "#runtime");
        wait.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#mappings tr.mapping"));
            return !rows.isEmpty() && rows.stream().allMatch(r -> "0".equals(r.getAttribute("data-behind")));
        });
        // The view refreshes every second: read the row in one go, looking again if it was just replaced.
        String processorLag = wait.until(d -> d.findElement(By.cssSelector(
                        "#mappings tr.mapping[data-mapping='IdentityProcessorFunction.IdentityEvents'] td.lag"))
                .getText());
        assertThat(processorLag).isEqualTo("0");
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#functions tr.function[data-function='UpdateProfileFunction']:not(.idle)")));
        screenshot("7-mappings-functions");

        // Replay: a fixture file chosen with the file input (as a drop would give it), invoked, its response shown.
        driver.get(url + "#replay");
        WebElement file = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("replay-file")));
        file.sendKeys(Path.of("../../events/http/identity/me.json")
                .toAbsolutePath()
                .normalize()
                .toString());
        wait.until(d ->
                d.findElement(By.id("replay-event")).getDomProperty("value").contains("routeKey"));
        new Select(driver.findElement(By.id("replay-function"))).selectByIndex(0);
        driver.findElement(By.id("replay-invoke")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("replay-result"), "MeFunction"));
        // The fixture's ${ACCESS_TOKEN} became the signed-in user's: /auth/me answers with the renamed profile.
        assertThat(driver.findElement(By.cssSelector(".replay-response")).getText())
                .contains("\"statusCode\": 200", "Renamed In Browser");
        screenshot("8-replay");
    }

    private static void waitReady() {
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    }

    /** Navigation timing and transferred bytes from the browser's Performance API. */
    private static Map<?, ?> loadFigures() {
        return (Map<?, ?>) ((JavascriptExecutor) driver).executeScript("""
                const nav = performance.getEntriesByType('navigation')[0];
                const resources = performance.getEntriesByType('resource');
                const all = [nav, ...resources];
                return {
                  interactive: Math.round(nav.domInteractive),
                  domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
                  ready: Math.round(Number(document.body.dataset.readyAt)),
                  transferred: all.reduce((sum, e) => sum + e.transferSize, 0),
                  files: all.filter((e) => e.initiatorType !== 'fetch').reduce((sum, e) => sum + e.transferSize, 0),
                  data: all.filter((e) => e.initiatorType === 'fetch').reduce((sum, e) => sum + e.transferSize, 0),
                  decoded: all.reduce((sum, e) => sum + e.decodedBodySize, 0),
                  requests: all.length,
                };
                """);
    }

    private static void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }
}
