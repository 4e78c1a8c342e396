package io.certflow.workflow;

/** Process variable names. ProcessVariables hold ids and small values only, never keys or certificates. */
public final class ProcessVariables {

    public static final String TENANT_ID = "tenantId";
    public static final String CERTIFICATE_ID = "certificateId";
    public static final String CERTIFICATE_REQUEST_ID = "certificateRequestId";
    public static final String ISSUER_ID = "issuerId";
    /** The requested names, comma-separated, for people looking at a task or an instance. */
    public static final String DOMAINS = "domains";
    public static final String APPROVAL_REQUIRED = "approvalRequired";
    /** Set by the approval form. */
    public static final String APPROVED = "approved";
    /** Set by the approval form when rejecting. */
    public static final String REJECTION_REASON = "rejectionReason";
    /** Set by the terms form. */
    public static final String TERMS_ACCEPTED = "termsAccepted";
    /** The user who completed the last user task. */
    public static final String COMPLETED_BY = "completedBy";
    public static final String AUTHORIZATION_ID = "authorizationId";
    public static final String ALREADY_VALID = "alreadyValid";
    /** dns-01: the answer must reach the zone's name servers before the challenge is triggered. */
    public static final String AWAIT_PROPAGATION = "awaitPropagation";
    public static final String ANSWER_VISIBLE = "answerVisible";
    /** Whether the issuer has a CAA identity to check the names' CAA records against. */
    public static final String CAA_PREFLIGHT = "caaPreflight";
    public static final String CHALLENGE_VALID = "challengeValid";
    /** Whether finalizing or checking the order found the certificate issued and stored it. */
    public static final String CERTIFICATE_STORED = "certificateStored";
    /** Whether a failed validation is followed by a fresh order. */
    public static final String ORDER_AGAIN = "orderAgain";
    public static final String TERMS_URL = "termsUrl";
    /** The CA's problem detail (or the rejection), set by the error boundary events. */
    public static final String FAILURE_REASON = "failureReason";
    public static final String FAILURE_CODE = "failureCode";
    public static final String REPOSITORY_ID = "repositoryId";
    /** Shown in the confirmation task. */
    public static final String REPOSITORY_NAME = "repositoryName";
    /** Set by the API call or by the confirmation form's checkbox. */
    public static final String RESET_CONFIRMED = "resetConfirmed";
    public static final String DEPLOYMENT_ID = "deploymentId";
    /** Shown in Cockpit: where the certificate goes. */
    public static final String TARGET_NAME = "targetName";
    /** Whether the target's reload command succeeded (transient, for the gateway after it). */
    public static final String RELOAD_SUCCEEDED = "reloadSucceeded";
    /** SERVED, NOT_YET or GIVEN_UP: what the look at the endpoint found (transient). */
    public static final String VERIFICATION = "verification";
    /** Whether the endpoint serves the previous certificate again after a rollback (transient). */
    public static final String PREVIOUS_SERVED = "previousServed";
    /** Whether the certificate request named targets to deploy to once issued. */
    public static final String DEPLOY_REQUESTED = "deployRequested";
    public static final String RENEWAL_ID = "renewalId";
    public static final String RENEWAL_RUN_ID = "renewalRunId";
    /** When a renewal begins its work, for Timer_Begin (transient: read once, when the renewal starts). */
    public static final String RENEWAL_BEGINS_AT = "renewalBeginsAt";
    /** Whether a run has more candidates to look at (transient). */
    public static final String MORE_PAGES = "morePages";
    /** Where the daily expiry warnings go on from, across their pages (each its own job). */
    public static final String EXPIRY_CURSOR = "expiryCursor";
    /** Whether there are more certificates to warn of (transient). */
    public static final String MORE_EXPIRIES = "moreExpiries";
    /** The certificate a renewal issues to replace {@link #CERTIFICATE_ID}, and its request. */
    public static final String SUCCESSOR_ID = "successorId";
    public static final String SUCCESSOR_REQUEST_ID = "successorRequestId";
    /** Whether an earlier renewal issued the successor already, so only its deployment is left (transient). */
    public static final String SUCCESSOR_ISSUED_ALREADY = "successorIssuedAlready";
    /** Whether the issuance ended with the successor issued (transient). */
    public static final String SUCCESSOR_ISSUED = "successorIssued";
    /** Whether every deployment of the successor ended DEPLOYED (transient). */
    public static final String REDEPLOYED = "redeployed";
    public static final String NOTIFICATION_ID = "notificationId";
    /** Shown in Cockpit: FAILURE, WARNING, DEFERRAL or SUCCESS. */
    public static final String NOTIFICATION_KIND = "notificationKind";

    public static final String AUTOSSL_RUN_ID = "autosslRunId";
    public static final String AUTOSSL_CHECK_ID = "autosslCheckId";
    public static final String ACCOUNT_ID = "accountId";
    /** The account's name, shown in Cockpit and Tasklist; names are not secret. */
    public static final String ACCOUNT_NAME = "accountName";
    /** Whether a run ended PAUSED (transient). */
    public static final String AUTOSSL_PAUSED = "autosslPaused";
    /** Whether a run has more accounts to look at (transient). */
    public static final String MORE_ACCOUNTS = "moreAccounts";
    /** The request CallActivity_IssueCertificates issues, one per instance (its element variable). */
    public static final String ORDER_REQUEST_ID = "orderRequestId";
    /** Whether a check ordered certificates (transient). */
    public static final String AUTOSSL_ORDERED = "autosslOrdered";

    private ProcessVariables() {
    }
}
