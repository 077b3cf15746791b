package dev.antipop.local.template;

import java.util.Map;

/**
 * One entry of the template's {@code Resources} section, as written (intrinsic functions not yet resolved).
 *
 * @param logicalId the resource's logical id
 * @param type its {@code Type} ({@code AWS::Serverless::Function}, {@code AWS::DynamoDB::Table}, ...)
 * @param properties its {@code Properties} (empty when absent), in long-form intrinsic notation
 * @param condition its {@code Condition} name, or {@code null}
 */
public record TemplateResource(String logicalId, String type, Map<String, Object> properties, String condition) {}
