package dev.antipop.runtime.context;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandGate;
import dev.antipop.runtime.command.HttpCommandFunction;
import dev.antipop.runtime.command.InternalCommandFunction;
import dev.antipop.runtime.config.LeasedIds;
import java.util.function.Function;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;

/**
 * Registers one function bean per command of a context's descriptor, so a context writes no bean per command: the
 * bean is named {@link CommandSpec#beanName()} ({@code CREATE_BRAND} → {@code createBrand}, the template's {@code
 * SPRING_CLOUD_FUNCTION_DEFINITION}), and is
 *
 * <ul>
 *   <li>for an HTTP command, {@link HttpCommandFunction#forCommand}: {@code Function<byte[],
 *       APIGatewayV2HTTPResponse>};
 *   <li>for an {@link CommandSpec.Access#INTERNAL} command, {@link InternalCommandFunction}: {@code Function<byte[],
 *       InternalCommandFunction.Result>}.
 * </ul>
 *
 * <p>The beans are lazy and built from the module's {@link CommandCatalog}, {@link Authenticator}, {@link
 * CommandGate}, {@link LeasedIds} and, when present, {@link CallerResolver} beans. Declare it as a {@code static}
 * {@code @Bean} method (a registry post-processor must not wait for its configuration class).
 */
public final class ContextFunctions implements BeanDefinitionRegistryPostProcessor {

    private final ContextDescriptor context;

    /** @param context the descriptor whose commands get beans */
    public ContextFunctions(ContextDescriptor context) {
        this.context = context;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        if (!(registry instanceof BeanFactory beans)) {
            throw new IllegalStateException("The bean registry is not a bean factory: " + registry);
        }
        for (CommandSpec command : context.commands()) {
            RootBeanDefinition definition = new RootBeanDefinition();
            definition.setLazyInit(true);
            if (command.access() == CommandSpec.Access.INTERNAL) {
                definition.setTargetType(ResolvableType.forClassWithGenerics(
                        Function.class, byte[].class, InternalCommandFunction.Result.class));
                definition.setInstanceSupplier(() -> new InternalCommandFunction(
                        beans.getBean(CommandCatalog.class).require(command.name()), beans.getBean(LeasedIds.class)));
            } else {
                definition.setTargetType(ResolvableType.forClassWithGenerics(
                        Function.class, byte[].class, APIGatewayV2HTTPResponse.class));
                definition.setInstanceSupplier(() -> HttpCommandFunction.forCommand(
                        beans.getBean(CommandCatalog.class).require(command.name()),
                        beans.getBean(Authenticator.class),
                        beans.getBean(CommandGate.class),
                        beans.getBean(LeasedIds.class),
                        beans.getBeanProvider(CallerResolver.class).getIfAvailable(CallerResolver::tokenOnly)));
            }
            registry.registerBeanDefinition(command.beanName(), definition);
        }
    }
}
