package io.certflow.security;

/**
 * The roles of Certflow, held as groups of the engine's identity service (managed in Admin).
 *
 * <ul>
 *   <li>Global administrator: member of {@link #GLOBAL_ADMINISTRATORS}; sees and manages every tenant.</li>
 *   <li>Tenant administrator: member of {@link #TENANT_ADMINISTRATORS} and of the tenant; manages the
 *       tenant's issuers, templates, DNS zones and repositories, approves requests, confirms resets and
 *       accepts terms of service in Tasklist.</li>
 *   <li>Member: belongs to the tenant; requests certificates through the issuers and templates the
 *       administrators set up (with approval where they require it), uploads, and uses repositories.</li>
 * </ul>
 */
public final class Roles {

    /** The engine's own administrators' group (Camunda's {@code Groups.CAMUNDA_ADMIN}). */
    public static final String GLOBAL_ADMINISTRATORS = "camunda-admin";
    /** Combined with membership of a tenant: that tenant's administrator. The BPMN names it as candidate group. */
    public static final String TENANT_ADMINISTRATORS = "certflow-admins";

    private Roles() {
    }
}
