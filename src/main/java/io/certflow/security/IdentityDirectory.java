package io.certflow.security;

import java.util.Optional;

/** Users, passwords, tenant memberships and roles (kept in the engine's identity service, managed in Admin). */
public interface IdentityDirectory {

    /** The caller when the password is right and the user is not locked out, empty otherwise. */
    Optional<Caller> authenticate(String userId, String password);

    /**
     * True while the user may not log in at all: locked after wrong passwords (on any way in: the
     * API, the engine REST API, the webapps' login), or deleted. A remembered login must not
     * outlive either.
     */
    boolean lockedOut(String userId);

    /**
     * The user as they are now, without a password (the console checks the password once at its login
     * and then asks on each request, so a lock, a deletion or a changed membership takes effect at once):
     * empty while {@link #lockedOut locked out} or deleted.
     */
    Optional<Caller> current(String userId);
}
