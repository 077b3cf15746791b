package dev.antipop.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandRouterTest {

    @Test
    void theVariableListsEachCommandsFunctionInEitherSeparatorAndTheRouteNameFindsItToo() {
        Map<String, String> functions = CommandRouter.parse(
                " CREATE_USER=stack-CreateUserFunction-1 ,\\n UPDATE_PROFILE = stack-UpdateProfileFunction-2;"
                        .replace("\\n", "\n"));
        assertThat(functions)
                .containsExactly(
                        Map.entry("CREATE_USER", "stack-CreateUserFunction-1"),
                        Map.entry("UPDATE_PROFILE", "stack-UpdateProfileFunction-2"));

        CommandRouter router = new CommandRouter(null, functions);
        assertThat(router.functionOf("update-profile")).contains("stack-UpdateProfileFunction-2");
        assertThat(router.functionOf("UPDATE_PROFILE")).contains("stack-UpdateProfileFunction-2");
        assertThat(router.functionOf("DELETE_EVERYTHING")).isEmpty();
    }

    @Test
    void theQualifierTargetsThePublishedAliasUnlessTheEntryNamesOne() {
        CommandRouter router = new CommandRouter(
                null,
                Map.of(
                        "CREATE_USER", "stack-CreateUserFunction-1",
                        "UPDATE_PROFILE", "arn:aws:lambda:us-east-1:123456789012:function:stack-Up-2:blue"),
                "live");
        assertThat(router.functionOf("CREATE_USER")).contains("stack-CreateUserFunction-1:live");
        assertThat(router.functionOf("update-profile"))
                .contains("arn:aws:lambda:us-east-1:123456789012:function:stack-Up-2:blue");
    }

    @Test
    void aMalformedEntryFailsTheColdStartNamingIt() {
        assertThatThrownBy(() -> CommandRouter.parse("CREATE_USER"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'CREATE_USER'");
        assertThatThrownBy(() -> CommandRouter.parse("=fn"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NAME=function");
    }
}
