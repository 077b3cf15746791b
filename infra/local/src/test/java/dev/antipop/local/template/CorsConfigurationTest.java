package dev.antipop.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorsConfigurationTest {

    private static HttpApiDefinition api(String yaml) {
        return Stack.of(Template.parse(yaml, "cors.yaml"), Stack.Options.defaults())
                .httpApis()
                .get(0);
    }

    private static final String FUNCTION = """
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: org.springframework.cloud.function.adapter.aws.FunctionInvoker
                  Events:
                    Get:
                      Type: HttpApi
                      Properties: {Path: /things, Method: GET%s}
            """;

    @Test
    void anApiReadsItsCorsConfigurationWithHeaderNamesInLowerCase() {
        HttpApiDefinition api = api("""
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      CorsConfiguration:
                        AllowOrigins: [https://app.example.com]
                        AllowHeaders: [Authorization, Content-Type]
                        AllowMethods: [get, post]
                        ExposeHeaders: [Retry-After]
                        MaxAge: 600
                        AllowCredentials: true
                """ + FUNCTION.formatted(", ApiId: !Ref Api"));

        assertThat(api.cors())
                .isEqualTo(new HttpApiDefinition.Cors(
                        List.of("https://app.example.com"),
                        List.of("authorization", "content-type"),
                        List.of("GET", "POST"),
                        List.of("retry-after"),
                        600,
                        true));
    }

    @Test
    void theImplicitApiTakesGlobalsAndTrueAllowsEverything() {
        HttpApiDefinition api = api("""
                Globals:
                  HttpApi:
                    CorsConfiguration: true
                Resources:
                """ + FUNCTION.formatted(""));

        assertThat(api.logicalId()).isEqualTo(Stack.IMPLICIT_HTTP_API);
        assertThat(api.cors().allowOrigins()).containsExactly("*");
        assertThat(api.cors().allowMethods()).containsExactly("*");
    }

    @Test
    void noConfigurationMeansNoCors() {
        assertThat(api("Resources:\n" + FUNCTION.formatted("")).cors()).isNull();
    }

    @Test
    void credentialsWithTheStarOriginAndAnOutOfRangeMaxAgeAreTemplateMistakes() {
        String credentials = """
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      CorsConfiguration: {AllowOrigins: ["*"], AllowCredentials: true}
                """;
        assertThatThrownBy(() -> api(credentials))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Resources.Api.Properties.CorsConfiguration.AllowCredentials:");
        String maxAge = """
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      CorsConfiguration: {AllowOrigins: ["*"], MaxAge: 86401}
                """;
        assertThatThrownBy(() -> api(maxAge))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Resources.Api.Properties.CorsConfiguration.MaxAge: 86401 is outside -1..86400");
    }
}
