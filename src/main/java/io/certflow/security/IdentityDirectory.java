package io.certflow.security;

import java.util.Optional;

/** Users, passwords and tenant memberships (kept in the engine's identity service, managed in Admin). */
public interface IdentityDirectory {

    /** The caller when the password is right, empty otherwise. */
    Optional<Caller> authenticate(String userId, String password);
}
