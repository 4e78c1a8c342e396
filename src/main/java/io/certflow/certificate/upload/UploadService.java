package io.certflow.certificate.upload;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore.IssuedCertificate;
import io.certflow.certificate.CertificateStore;
import io.certflow.crypto.DomainNames;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.KeyType;
import io.certflow.error.InvalidRequestException;
import io.certflow.security.Caller;

/**
 * Brings a certificate Certflow did not issue into the inventory: checked by {@link UploadParser},
 * stored with source UPLOADED, not auto-managed, its key encrypted at rest.
 */
@Service
@Transactional
public class UploadService {

    private final CertificateStore certificates;
    private final KeyProtection keyProtection;
    private final UploadParser parser;
    private final Clock clock;

    public UploadService(CertificateStore certificates, KeyProtection keyProtection, UploadParser parser, Clock clock) {
        this.certificates = certificates;
        this.keyProtection = keyProtection;
        this.parser = parser;
        this.clock = clock;
    }

    /**
     * @param content the file as sent
     * @param format  null guesses from the content: PEM text, else PKCS#12
     */
    public record Upload(String tenant, byte[] content, UploadFormat format, char[] password, boolean acceptOutsideValidity) {
    }

    /** Checks and stores; a refused upload stores nothing. */
    public Certificate upload(Caller caller, Upload upload) {
        return upload(caller, upload, true, parsed -> List.of());
    }

    /**
     * @param requireKey false where CA certificates come without their key
     * @param rules      further problems of the place the certificate goes to (a repository's data source)
     */
    public Certificate upload(Caller caller, Upload upload, boolean requireKey, Function<ParsedUpload, List<String>> rules) {
        String tenantId = caller.tenantForNewRow(upload.tenant());
        if (upload.content() == null || upload.content().length == 0) {
            throw new InvalidRequestException("file: the upload is empty");
        }
        UploadFormat format = upload.format() != null ? upload.format() : guess(upload.content());
        Instant now = clock.instant();
        ParsedUpload parsed = parser.parse(upload.content(), format, upload.password(), upload.acceptOutsideValidity(),
                requireKey, now);
        List<String> problems = new ArrayList<>(rules.apply(parsed));
        if (parsed.dnsNames().size() > DomainNames.MAX_NAMES) {
            problems.add("the leaf certificate names " + parsed.dnsNames().size() + " DNS names; Certflow manages certificates"
                    + " with at most " + DomainNames.MAX_NAMES);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Certificate certificate = new Certificate(UUID.randomUUID(), tenantId, null, parsed.dnsNames(),
                KeyType.valueOf(parsed.keyType()), CertificateStatus.ISSUED, null, CertificateSource.UPLOADED, false,
                null, null, null, null, null, now, now, parsed.outsideValidity(), null);
        certificates.insert(certificate);
        certificates.storeChain(certificate.id(), IssuedCertificate.of(parsed.chain(),
                parsed.privateKey() == null ? null : keyProtection.protect(parsed.privateKey(), CertificateStore.PRIVATE_KEY_PURPOSE)),
                parsed.outsideValidity());
        return certificates.findCertificate(certificate.id()).orElseThrow();
    }

    /** PEM wherever a -----BEGIN line is, after a preamble of any length (OpenSSL's "Bag Attributes") or in UTF-16. */
    private static UploadFormat guess(byte[] content) {
        return PemBlocks.text(content).contains("-----BEGIN") ? UploadFormat.PEM : UploadFormat.PKCS12;
    }
}
