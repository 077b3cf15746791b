package dev.antipop.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandExceptionTest {

    @Test
    void factoriesSetCodeStatusAndFields() {
        assertThat(CommandException.conflict("taken").code().httpStatus()).isEqualTo(409);
        assertThat(CommandException.forbidden("no").code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(CommandException.unauthorized("who").code().code()).isEqualTo("unauthorized");
        assertThat(CommandException.notFound("gone").code().httpStatus()).isEqualTo(404);
        assertThat(CommandException.conflict("x", Map.of("email", "is already taken"))
                        .fields())
                .containsEntry("email", "is already taken");
        assertThat(new CommandException(ErrorCode.RATE_LIMITED, "slow down", null).fields())
                .isEmpty();
        assertThat(CommandException.validation(Map.of("a", "b")).getStackTrace())
                .isEmpty();
    }

    @Test
    void fieldsAreAnOrderedImmutableCopy() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("z", "1");
        fields.put("a", "2");
        CommandException e = CommandException.validation(fields);
        fields.put("b", "3");

        assertThat(e.fields()).containsOnlyKeys("z", "a");
        assertThat(e.fields().keySet()).containsExactly("z", "a");
        assertThatThrownBy(() -> e.fields().put("c", "4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void errorCodesMatchTheDesign() {
        assertThat(ErrorCode.values())
                .extracting(c -> c.code() + ":" + c.httpStatus())
                .containsExactly(
                        "validation_failed:400",
                        "unknown_command:400",
                        "malformed_json:400",
                        "unauthorized:401",
                        "forbidden:403",
                        "invite_required:403",
                        "invite_invalid:403",
                        "not_found:404",
                        "conflict:409",
                        "position_unavailable:410",
                        "payload_too_large:413",
                        "unsupported_media_type:415",
                        "rate_limited:429",
                        "unavailable:503");
    }
}
