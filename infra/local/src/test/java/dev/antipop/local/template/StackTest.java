package dev.antipop.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.local.template.Stack.Options;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackTest {

    private static final String REGION = "eu-west-1";

    private static Template featureTemplate() throws IOException {
        try (InputStream in = StackTest.class.getResourceAsStream("/a/template-features.yaml")) {
            return Template.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "template-features.yaml");
        }
    }

    private static Stack stack(Map<String, String> overrides) throws IOException {
        return Stack.of(featureTemplate(), new Options(REGION, "shop", overrides));
    }

    @Test
    void tablesCarryKeysIndexesStreamsAndTimeToLive() throws IOException {
        List<TableDefinition> tables = stack(Map.of()).tables();

        assertThat(tables)
                .extracting(TableDefinition::logicalId)
                .containsExactly("EventsTable", "NamelessTable", "Simple");
        TableDefinition events = tables.get(0);
        assertThat(events.tableName()).isEqualTo("shop-events-dev");
        assertThat(events.keySchema())
                .containsExactly(
                        new TableDefinition.Key("stream", "HASH"), new TableDefinition.Key("version", "RANGE"));
        assertThat(events.attributeDefinitions()).hasSize(3).contains(new TableDefinition.Attribute("version", "N"));
        assertThat(events.globalSecondaryIndexes())
                .containsExactly(new TableDefinition.Index(
                        "byType", List.of(new TableDefinition.Key("type", "HASH")), "INCLUDE", List.of("stream")));
        assertThat(events.streamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(events.timeToLiveAttribute()).isEqualTo("expiresAt");
        assertThat(tables.get(1).tableName()).isEqualTo("shop-NamelessTable");
        assertThat(tables.get(1).streamViewType()).isNull();
        assertThat(tables.get(2).keySchema()).containsExactly(new TableDefinition.Key("sku", "HASH"));
        assertThat(tables.get(2).attributeDefinitions()).containsExactly(new TableDefinition.Attribute("sku", "N"));
    }

    @Test
    void theAliasSamGeneratesForAutoPublishAliasIsReferencedByItsLogicalId() {
        Template template = Template.parse("""
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function:
                    AutoPublishAlias: live
                Resources:
                  Greeter:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest
                      Runtime: java25
                      Environment:
                        Variables:
                          TARGET: !Ref GreeterAliaslive
                          URI: !Sub "functions/${GreeterAliaslive}/invocations"
                """, "alias.yaml");
        Map<String, String> environment = Stack.of(template, new Options(REGION, "shop", Map.of()))
                .functions()
                .get(0)
                .environment();
        assertThat(environment.get("TARGET")).isEqualTo("arn:aws:lambda:eu-west-1:000000000000:function:Greeter:live");
        assertThat(environment.get("URI"))
                .isEqualTo("functions/arn:aws:lambda:eu-west-1:000000000000:function:Greeter:live/invocations");
    }

    @Test
    void conditionsFollowParameterOverrides() throws IOException {
        assertThat(stack(Map.of("Stage", "prod")).tables())
                .extracting(TableDefinition::logicalId)
                .contains("ProdOnlyTable");
        Stack prod = stack(Map.of("Stage", "prod"));
        prod.recordStreamArn("EventsTable", "arn:stream");
        FunctionDefinition command = prod.functions().get(0);
        assertThat(command.environment()).containsEntry("MODE", "production");
        assertThat(command.memorySizeMb()).isEqualTo(1024);
    }

    @Test
    void functionsMergeGlobalsAndResolveEnvironment() throws IOException {
        Stack stack = stack(Map.of());
        String streamArn =
                "arn:aws:dynamodb:ddblocal:000000000000:table/shop-events-dev/stream/2026-11-22T19:00:00.000";
        stack.recordStreamArn("EventsTable", streamArn);
        stack.recordApiEndpoint("WebSocketApi", "http://127.0.0.1:41001");

        FunctionDefinition command = stack.functions().get(0);

        assertThat(command.functionName()).isEqualTo("shop-command");
        assertThat(command.timeoutSeconds()).isEqualTo(30);
        assertThat(command.memorySizeMb()).isEqualTo(512);
        assertThat(command.runtime()).isEqualTo("java25");
        assertThat(command.architecture()).isEqualTo("arm64");
        assertThat(command.environment())
                .containsEntry("EVENTS_TABLE", "shop-events-dev")
                .containsEntry("SHARED", "local")
                .containsEntry("SPRING_CLOUD_FUNCTION_DEFINITION", "createUser")
                .containsEntry("WS_ENDPOINT", "http://127.0.0.1:41001/live")
                .containsEntry("WS_URL", "ws://127.0.0.1:41001")
                .containsEntry("STREAM", streamArn)
                .containsEntry("LITERAL", "${NotAVariable}")
                .containsEntry("FIRST_ORIGIN", "a.example")
                .containsEntry("SPLIT_LAST", "z")
                .containsEntry("MODE", "development")
                .containsEntry("SUB_VARS", "shop-Simple@000000000000")
                .doesNotContainKey("DROPPED");
    }

    @Test
    void endpointsStayAwsShapedUntilTheApiListensLocally() throws IOException {
        Stack stack = stack(Map.of());
        stack.recordStreamArn("EventsTable", "arn:stream");
        String apiId = stack.apiId("WebSocketApi");

        assertThat(apiId).matches("[a-z0-9]{10}").isEqualTo(stack(Map.of()).apiId("WebSocketApi"));
        assertThat(stack.functions().get(0).environment())
                .containsEntry("WS_ENDPOINT", "https://" + apiId + ".execute-api.eu-west-1.amazonaws.com/live");
    }

    @Test
    void streamEventSourceReadsEveryMappingProperty() throws IOException {
        Stack stack = stack(Map.of());
        stack.recordStreamArn("EventsTable", "arn:stream");

        DynamoDbEventSource source = stack.functions().get(1).dynamoDbEvents().get(0);

        assertThat(source)
                .isEqualTo(new DynamoDbEventSource(
                        "Processor",
                        "Stream",
                        "arn:stream",
                        "TRIM_HORIZON",
                        25,
                        0,
                        3,
                        true,
                        true,
                        true,
                        -1,
                        "arn:aws:local:eu-west-1:000000000000:DeadLetters/Arn",
                        false));
        assertThat(stack.functions().get(1).timeoutSeconds()).isEqualTo(20);
    }

    @Test
    void httpApisCollectRoutesOnImplicitAndExplicitApis() throws IOException {
        List<HttpApiDefinition> apis = stack(Map.of()).httpApis();

        assertThat(apis).extracting(HttpApiDefinition::logicalId).containsExactly("ExplicitApi", "ServerlessHttpApi");
        assertThat(apis.get(0).stageName()).isEqualTo("v1");
        assertThat(apis.get(0).routes())
                .containsExactly(new HttpApiDefinition.Route("GET", "/auth/me", "CommandFunction"));
        assertThat(apis.get(1).stageName()).isEqualTo("$default");
        assertThat(apis.get(1).routes())
                .containsExactly(new HttpApiDefinition.Route("POST", "/commands/create-user", "CommandFunction"));
    }

    @Test
    void webSocketApiResolvesRoutesThroughIntegrations() throws IOException {
        List<WebSocketApiDefinition> apis = stack(Map.of()).webSocketApis();

        assertThat(apis).hasSize(1);
        WebSocketApiDefinition api = apis.get(0);
        assertThat(api.routeSelectionExpression()).isEqualTo("$request.body.op");
        assertThat(api.stageName()).isEqualTo("live");
        assertThat(api.routes())
                .containsExactly(
                        new WebSocketApiDefinition.Route("ConnectRoute", "$connect", "WsConnect", false),
                        new WebSocketApiDefinition.Route("DefaultRoute", "$default", "WsConnect", true));
    }

    @Test
    void notEmulatedResourcesAreListed() throws IOException {
        assertThat(stack(Map.of()).notEmulated())
                .extracting(TemplateResource::logicalId)
                .containsExactly("DeadLetters");
    }

    @Test
    void parameterMistakesAreOneLineErrors() throws IOException {
        Template template = featureTemplate();
        assertThatThrownBy(() -> Stack.of(template, new Options(REGION, "s", Map.of("Stage", "qa"))))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Parameters.Stage: qa is not one of AllowedValues [dev, prod]");
        assertThatThrownBy(() -> Stack.of(template, new Options(REGION, "s", Map.of("Nope", "1"))))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Parameter override Nope: the template declares no such parameter");
    }

    @Test
    void unknownReferenceNamesResourceAndField() {
        Template template = Template.parse("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: h
                      Environment:
                        Variables:
                          TABLE: !Ref MissingTable
                """, "t.yaml");
        Stack stack = Stack.of(template, Options.defaults());

        assertThatThrownBy(stack::functions)
                .isInstanceOf(TemplateException.class)
                .hasMessage("Resources.Fn.Properties.Environment.Variables.TABLE (Ref): MissingTable is neither a"
                        + " parameter, a pseudo parameter nor a resource of this template");
    }

    @Test
    void missingRequiredPropertyNamesIt() {
        Template template = Template.parse("""
                Resources:
                  T:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      AttributeDefinitions: [{AttributeName: k, AttributeType: S}]
                """, "t.yaml");

        assertThatThrownBy(() -> Stack.of(template, Options.defaults()).tables())
                .isInstanceOf(TemplateException.class)
                .hasMessage("Resources.T.Properties.KeySchema: required property missing");
    }

    @Test
    void malformedYamlIsOneLineWithPosition() {
        assertThatThrownBy(() -> Template.parse("Resources:\n  A: [unclosed\n", "bad.yaml"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("bad.yaml:")
                .hasMessageContaining("malformed YAML")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> Template.parse("Resources:\n  A:\n    Properties: {}\n", "t.yaml"))
                .hasMessage("Resources.A.Type: required property missing");
    }

    @Test
    void longFormsResolveLikeShortForms() {
        Template template = Template.parse("""
                Parameters:
                  Name: {Type: String, Default: orders}
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: h
                      Environment:
                        Variables:
                          A: {"Fn::Sub": "${Name}-${AWS::Region}"}
                          B: {"Fn::Join": [":", [{"Ref": "Name"}, {"Fn::GetAtt": ["Fn", "Arn"]}]]}
                """, "t.yaml");
        Map<String, String> environment =
                Stack.of(template, Options.defaults()).functions().get(0).environment();

        assertThat(environment)
                .containsEntry("A", "orders-us-east-1")
                .containsEntry("B", "orders:arn:aws:lambda:us-east-1:000000000000:function:Fn");
    }
}
