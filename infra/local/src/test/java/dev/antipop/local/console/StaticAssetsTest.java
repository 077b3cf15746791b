package dev.antipop.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class StaticAssetsTest {

    @Test
    void everyFileOfTheDirectoryIsServedAndNothingElse() throws IOException, URISyntaxException {
        Path root = Path.of(
                getClass().getClassLoader().getResource(StaticAssets.ROOT).toURI());
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> root.relativize(p).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrderElementsOf(StaticAssets.FILES);
        }
    }

    @Test
    void filesHaveTheirMediaTypeAStrongEtagAndAGzipCopyOfTheSameBytes() throws IOException {
        StaticAssets assets = new StaticAssets();

        StaticAssets.Asset page = assets.get("index.html");
        assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(assets.get("js/app.js").contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(assets.get("console.css").contentType()).isEqualTo("text/css; charset=utf-8");
        assertThat(page.etag()).matches("\"[0-9a-f]{24}\"");
        assertThat(new StaticAssets().get("index.html").etag()).isEqualTo(page.etag());
        assertThat(page.gzipped()).isNotNull().hasSizeLessThan(page.bytes().length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(page.gzipped()))) {
            assertThat(in.readAllBytes()).isEqualTo(page.bytes());
        }
        assertThat(assets.get("../pom.xml")).isNull();
        assertThat(assets.get("nothing.js")).isNull();
    }
}
