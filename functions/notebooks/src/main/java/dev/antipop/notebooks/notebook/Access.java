package dev.antipop.notebooks.notebook;

/**
 * Who may do what with a notebook, from its state: readers are its owner, its shares and, when public, everyone;
 * editors its owner and {@code editor} shares; its owner alone manages it (delete, share, visibility). Admins may do
 * everything. Used by the decider and by every read route, so reads and writes agree.
 */
public final class Access {

    private Access() {}

    /** Whether {@code actor} may read {@code notebook} (null actor: anonymous, public notebooks only). */
    public static boolean mayRead(Notebook notebook, Actor actor) {
        return notebook.isPublic()
                || (actor != null
                        && (actor.admin()
                                || actor.userId().equals(notebook.ownerId())
                                || notebook.shares().containsKey(actor.userId())));
    }

    /** Whether {@code actor} may change its title, description and cells. */
    public static boolean mayEdit(Notebook notebook, Actor actor) {
        return actor != null
                && (actor.admin()
                        || actor.userId().equals(notebook.ownerId())
                        || "editor".equals(notebook.shares().get(actor.userId())));
    }

    /** Whether {@code actor} may delete, share, unshare and set its visibility. */
    public static boolean mayManage(Notebook notebook, Actor actor) {
        return actor != null && (actor.admin() || actor.userId().equals(notebook.ownerId()));
    }

    /** The actor's role: {@code owner}, {@code editor}, {@code viewer}, {@code public} (a reader by visibility), or null. */
    public static String roleOf(Notebook notebook, Actor actor) {
        if (actor != null && actor.userId().equals(notebook.ownerId())) {
            return "owner";
        }
        if (actor != null && notebook.shares().containsKey(actor.userId())) {
            return notebook.shares().get(actor.userId());
        }
        return notebook.isPublic() ? "public" : null;
    }
}
