package io.certflow.certificate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.crypto.DomainNames;
import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.security.Caller;

/** Reads the inventory and changes a certificate's settings on behalf of an API caller, within the caller's tenants. */
@Service
@Transactional
public class CertificateService {

    public static final int MAX_PAGE_SIZE = 200;
    /** How deep a list reaches (page times size); beyond it, narrow the list by status, domain or expiry. */
    public static final int MAX_OFFSET = 10_000_000;
    /** Times a filter may name: a certificate's dates fall well within, and the database stores every one of them. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final CertificateStore store;
    private final CertificateRequestStore requests;
    private final Clock clock;

    public CertificateService(CertificateStore store, CertificateRequestStore requests, Clock clock) {
        this.store = store;
        this.requests = requests;
        this.clock = clock;
    }

    /** Turns automatic renewal on or off; only certificates Certflow issued can be renewed by it. */
    public Certificate setAutoManaged(Caller caller, UUID id, boolean enabled) {
        Certificate certificate = get(caller, id);
        if (certificate.source() == CertificateSource.UPLOADED && enabled) {
            throw new ConflictException("Certificate " + id + " was uploaded: Certflow did not issue it and cannot renew it, so it"
                    + " cannot be auto-managed. Replace it with a managed certificate for the same names: POST /api/certificates/"
                    + id + "/replace with {\"issuer\": \"...\"} or {\"template\": \"...\"}");
        }
        store.setAutoManaged(id, enabled, clock.instant());
        return get(caller, id);
    }

    @Transactional(readOnly = true)
    public Certificate get(Caller caller, UUID id) {
        return caller.requireVisible(store.findCertificate(id), Certificate::tenantId, "Certificate", id);
    }

    @Transactional(readOnly = true)
    public String chainPem(Caller caller, UUID id) {
        Certificate certificate = get(caller, id);
        return store.findChainPem(certificate.id())
                .orElseThrow(() -> new ConflictException("Certificate " + id + " has no chain yet: its status is " + certificate.status()));
    }

    @Transactional(readOnly = true)
    public CertificateRequest latestRequest(Caller caller, UUID certificateId) {
        Certificate certificate = get(caller, certificateId);
        return requests.findLatestRequestOf(certificate.id()).orElse(null);
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    @Transactional(readOnly = true)
    public Page<Certificate> list(Caller caller, CertificateStatus status, String domain, Instant expiresBefore,
                                  Boolean autoManaged, Boolean deployed, int page, int size) {
        return list(caller, new Query(status, domain, expiresBefore, autoManaged, deployed, null, null, null), page, size);
    }

    /** The longest part of a name a search looks for (a DNS name is at most 253 characters). */
    public static final int MAX_SEARCH = 253;

    /**
     * What a list is narrowed by; null is "any".
     *
     * @param domain       one exact name the certificate covers
     * @param nameContains part of a name it covers, in any case (the console's search)
     * @param expiresFrom  expiring at or after it (with {@code expiresBefore}: expiring between the two)
     */
    public record Query(CertificateStatus status, String domain, Instant expiresBefore, Boolean autoManaged, Boolean deployed,
                        CertificateSource source, String nameContains, Instant expiresFrom, Boolean renewedByCertflow,
                        Instant requestedFrom) {

        public Query(CertificateStatus status, String domain, Instant expiresBefore, Boolean autoManaged, Boolean deployed,
                     CertificateSource source, String nameContains, Instant expiresFrom) {
            this(status, domain, expiresBefore, autoManaged, deployed, source, nameContains, expiresFrom, null, null);
        }
    }

    /** One page, newest first, filtered and paged by the database. */
    @Transactional(readOnly = true)
    public Page<Certificate> list(Caller caller, Query query, int page, int size) {
        if (page < 0) {
            throw new InvalidRequestException("page: must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("size: between 1 and " + MAX_PAGE_SIZE);
        }
        if ((long) page * size > MAX_OFFSET) {
            throw new InvalidRequestException("page: at most " + MAX_OFFSET / size + " with size " + size + " (a list reaches "
                    + String.format(java.util.Locale.ROOT, "%,d", MAX_OFFSET) + " certificates deep; narrow it by status, domain or expiresBefore)");
        }
        CertificateStore.Filter filter = filterOf(caller, query);
        return new Page<>(store.list(filter, page * size, size), page, size, store.count(filter));
    }

    /** How many certificates the list of {@code query} holds (its {@code total}), without reading a page of them. */
    @Transactional(readOnly = true)
    public long count(Caller caller, Query query) {
        return store.count(filterOf(caller, query));
    }

    /** How many of the caller's certificates are in each status (one grouped count); a status without one is left out. */
    @Transactional(readOnly = true)
    public java.util.Map<CertificateStatus, Long> countByStatus(Caller caller) {
        return store.countByStatus(caller.visibleTenants());
    }

    private static CertificateStore.Filter filterOf(Caller caller, Query query) {
        CertificateStatus status = query.status();
        String domain = query.domain();
        Instant expiresBefore = query.expiresBefore();
        if (expiresBefore != null && (expiresBefore.isBefore(EARLIEST) || expiresBefore.isAfter(LATEST))) {
            throw new InvalidRequestException("expiresBefore: a time from " + EARLIEST + " to " + LATEST);
        }
        if (query.expiresFrom() != null && (query.expiresFrom().isBefore(EARLIEST) || query.expiresFrom().isAfter(LATEST))) {
            throw new InvalidRequestException("expiresFrom: a time from " + EARLIEST + " to " + LATEST);
        }
        String normalizedDomain = null;
        if (domain != null) {
            String problem = DomainNames.problemWith(domain);
            if (problem != null) {
                throw new InvalidRequestException("domain: " + problem);
            }
            normalizedDomain = DomainNames.canonical(domain);
        }
        String nameContains = query.nameContains() == null || query.nameContains().isBlank() ? null
                : query.nameContains().trim().toLowerCase(java.util.Locale.ROOT);
        if (nameContains != null && nameContains.length() > MAX_SEARCH) {
            throw new InvalidRequestException("search: at most " + MAX_SEARCH + " characters");
        }
        if (query.requestedFrom() != null && (query.requestedFrom().isBefore(EARLIEST) || query.requestedFrom().isAfter(LATEST))) {
            throw new InvalidRequestException("requestedFrom: a time from " + EARLIEST + " to " + LATEST);
        }
        return new CertificateStore.Filter(caller.visibleTenants(), status, normalizedDomain, expiresBefore, query.autoManaged(),
                query.deployed(), query.source(), nameContains, query.expiresFrom(), query.renewedByCertflow(), query.requestedFrom());
    }
}
