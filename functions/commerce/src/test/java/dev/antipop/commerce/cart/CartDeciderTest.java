package dev.antipop.commerce.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.commerce.cart.CartCommand.AddItem;
import dev.antipop.commerce.cart.CartCommand.Availability;
import dev.antipop.commerce.cart.CartCommand.ChangeQuantity;
import dev.antipop.commerce.cart.CartCommand.CheckOut;
import dev.antipop.commerce.cart.CartCommand.Clear;
import dev.antipop.commerce.cart.CartCommand.RemoveItem;
import dev.antipop.commerce.cart.CartEvent.CartCheckedOut;
import dev.antipop.commerce.cart.CartEvent.CartCleared;
import dev.antipop.commerce.cart.CartEvent.CartItemAdded;
import dev.antipop.commerce.cart.CartEvent.CartItemQuantityChanged;
import dev.antipop.commerce.cart.CartEvent.CartItemRemoved;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or a rejection: every rule of {@link CartDecider}. */
class CartDeciderTest {

    private static final String USER = "7";
    private static final Availability ON_SALE = new Availability(true, "100", true);
    private static final CartItemAdded ADDED = new CartItemAdded(USER, "200", "100", "300", 2);

    private final CartDecider decider = new CartDecider();

    private List<CartEvent> when(List<CartEvent> given, CartCommand command) {
        CartState state = decider.initialState();
        for (CartEvent event : given) {
            state = decider.evolve(state, event);
        }
        return decider.decide(command, state);
    }

    private void rejects(List<CartEvent> given, CartCommand command, ErrorCode code) {
        assertThatThrownBy(() -> when(given, command))
                .isInstanceOf(CommandException.class)
                .satisfies(e -> assertThat(((CommandException) e).code()).isEqualTo(code));
    }

    @Test
    void aPublishedVariantIsAddedAndAddingItAgainAddsToItsLine() {
        assertThat(when(List.of(), new AddItem(USER, "200", "300", 2, ON_SALE))).containsExactly(ADDED);
        assertThat(when(List.of(ADDED), new AddItem(USER, "200", "300", 3, ON_SALE)))
                .containsExactly(new CartItemAdded(USER, "200", "100", "300", 5));
    }

    @Test
    void onlyVariantsOfPublishedProductsCanBeAdded() {
        rejects(
                List.of(),
                new AddItem(USER, "200", "300", 1, new Availability(false, "100", true)),
                ErrorCode.CONFLICT);
        rejects(
                List.of(),
                new AddItem(USER, "200", "300", 1, new Availability(true, "100", false)),
                ErrorCode.CONFLICT);
    }

    @Test
    void aLineHoldsAtMost99Units() {
        assertThat(when(List.of(ADDED), new AddItem(USER, "200", "300", 97, ON_SALE)))
                .containsExactly(new CartItemAdded(USER, "200", "100", "300", 99));
        rejects(List.of(ADDED), new AddItem(USER, "200", "300", 98, ON_SALE), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void aCartHoldsAtMost50Lines() {
        List<CartEvent> fifty = new ArrayList<>();
        for (int i = 0; i < CartDecider.MAX_LINES; i++) {
            fifty.add(new CartItemAdded(USER, "200", "100", Integer.toString(1000 + i), 1));
        }
        rejects(fifty, new AddItem(USER, "200", "300", 1, ON_SALE), ErrorCode.CONFLICT);
        assertThat(when(fifty, new AddItem(USER, "200", "1000", 1, ON_SALE)))
                .as("an existing line still grows")
                .containsExactly(new CartItemAdded(USER, "200", "100", "1000", 2));
    }

    @Test
    void quantitiesChangeAndLinesGoOnlyWhenPresent() {
        assertThat(when(List.of(ADDED), new ChangeQuantity(USER, "300", 4)))
                .containsExactly(new CartItemQuantityChanged(USER, "300", 4));
        assertThat(when(List.of(ADDED), new ChangeQuantity(USER, "300", 2))).isEmpty();
        rejects(List.of(), new ChangeQuantity(USER, "300", 4), ErrorCode.NOT_FOUND);
        assertThat(when(List.of(ADDED), new RemoveItem(USER, "300"))).containsExactly(new CartItemRemoved(USER, "300"));
        rejects(List.of(ADDED, new CartItemRemoved(USER, "300")), new RemoveItem(USER, "300"), ErrorCode.NOT_FOUND);
    }

    @Test
    void clearingAnEmptyCartDecidesNothing() {
        assertThat(when(List.of(ADDED), new Clear(USER))).containsExactly(new CartCleared(USER));
        assertThat(when(List.of(), new Clear(USER))).isEmpty();
        assertThat(when(List.of(ADDED, new CartCleared(USER)), new Clear(USER))).isEmpty();
    }

    @Test
    void aCheckoutTakesTheOrdersLinesOutOnce() {
        CartItemAdded other = new CartItemAdded(USER, "201", "100", "301", 1);
        CartCheckedOut out = new CartCheckedOut(USER, "900", List.of("300"));
        assertThat(when(List.of(ADDED, other), new CheckOut(USER, "900", List.of("300", "999"))))
                .as("only lines still in the cart are named")
                .containsExactly(out);
        assertThat(when(List.of(ADDED, other, out), new CheckOut(USER, "900", List.of("300"))))
                .as("the same order again")
                .isEmpty();
        CartState state = decider.evolve(decider.evolve(decider.evolve(decider.initialState(), ADDED), other), out);
        assertThat(state.lines()).containsOnlyKeys("301");
    }
}
