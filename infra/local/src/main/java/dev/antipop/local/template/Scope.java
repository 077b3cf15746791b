package dev.antipop.local.template;

import java.util.Map;

/**
 * Everything an intrinsic function may read, as one immutable value.
 *
 * @param template the template (conditions, mappings, globals, every declared resource)
 * @param region {@code AWS::Region}
 * @param stackName {@code AWS::StackName}
 * @param parameterValues bound parameter values: strings, or lists of strings for list-typed parameters
 * @param resources the resources a {@code Ref} or {@code Fn::GetAtt} may name: those whose condition holds; none
 *     while conditions are evaluated (CloudFormation's {@code Conditions} may not refer to resources)
 * @param facts what the deployment has learnt so far
 * @param forConditionsOnly whether this is the scope conditions are evaluated in
 */
record Scope(
        Template template,
        String region,
        String stackName,
        Map<String, Object> parameterValues,
        Map<String, TemplateResource> resources,
        DeploymentFacts facts,
        boolean forConditionsOnly) {

    /** The same scope with other facts. */
    Scope with(DeploymentFacts newFacts) {
        return new Scope(template, region, stackName, parameterValues, resources, newFacts, forConditionsOnly);
    }

    /** The same scope without resources, where conditions are evaluated. */
    Scope forConditions() {
        return new Scope(template, region, stackName, parameterValues, Map.of(), DeploymentFacts.none(), true);
    }
}
