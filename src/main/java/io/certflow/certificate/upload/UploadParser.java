package io.certflow.certificate.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.generators.PKCS12ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

import io.certflow.crypto.DomainNames;
import io.certflow.error.InvalidRequestException;
import io.certflow.crypto.KeyType;
import io.certflow.crypto.Keys;

/**
 * Reads and checks a certificate bundle a user uploads (PEM or PKCS#12): the certificates parse, the private key belongs to
 * the leaf, the chain is complete, in order and correctly signed, the leaf's key type, names and validity are acceptable.
 * Pure: no Spring, no database, no clock (the caller passes the instant validity is judged at). Thread-safe.
 *
 * <p>Problems are collected and reported together, each as a sentence naming the defect; only when the upload cannot be
 * read at all (a damaged block, a wrong password, no certificate, two keys) does the check stop there.
 */
public final class UploadParser {

    public static final int MAX_BYTES = 1024 * 1024;

    /** Used as an explicit provider where the JDK lacks an algorithm (legacy PEM and PKCS#12 encryption); never installed. */
    private static final Provider BC = Keys.BOUNCY_CASTLE;

    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
    private static final Pattern END = Pattern.compile("-----END ([A-Z0-9 ]+)-----");
    private static final String KEY_BLOCKS = "PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY";
    private static final String SUPPORTED_KEYS = "use EC P-256, EC P-384, RSA 2048, RSA 3072 or RSA 4096";

    private static final Map<ASN1ObjectIdentifier, String> KEY_ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448",
            X9ObjectIdentifiers.id_dsa, "DSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS");

    private final List<X509Certificate> trustStore;

    /** @param trustStore roots a chain may end at when the upload does not include its root; may be null or empty */
    public UploadParser(Collection<X509Certificate> trustStore) {
        this.trustStore = trustStore == null ? List.of() : List.copyOf(trustStore);
    }

    /**
     * @param password              passphrase of an encrypted PKCS#8 key in a PEM bundle, or the PKCS#12 password; may be null
     * @param acceptOutsideValidity whether an expired or not-yet-valid leaf or CA certificate is accepted (then marked outsideValidity)
     * @param requireKey            false for CA certificates uploaded without their key
     * @param now                   the instant validity is judged at
     * @throws InvalidRequestException listing every defect found, each a sentence that names it
     */
    public ParsedUpload parse(byte[] content, UploadFormat format, char[] password, boolean acceptOutsideValidity,
                              boolean requireKey, Instant now) {
        Objects.requireNonNull(now, "now");
        if (content == null || content.length == 0) {
            throw new InvalidRequestException("the upload is empty: it holds no certificate");
        }
        if (content.length > MAX_BYTES) {
            throw new InvalidRequestException("the upload is " + content.length + " bytes, more than the limit of " + MAX_BYTES
                    + " bytes (1 MiB); a certificate bundle is a few kilobytes");
        }
        if (format == null) {
            throw new InvalidRequestException("the upload format is missing: it is PEM or PKCS12");
        }
        Contents contents = format == UploadFormat.PEM ? readPem(content, password) : readPkcs12(content, password);
        return check(contents, format, acceptOutsideValidity, requireKey, now);
    }

    /** What the upload held, in the order it held it. */
    private record Contents(List<X509Certificate> certificates, List<PrivateKey> keys) {
    }

    // ---------------------------------------------------------------------------------------------------------- PEM

    private record Block(int number, int line, String type, List<String> headers, String base64, String text) {
        String name() {
            return "PEM block " + number + " (" + type + ", line " + line + ")";
        }

        boolean legacyEncrypted() {
            return headers.stream().anyMatch(h -> h.toUpperCase(Locale.ROOT).startsWith("PROC-TYPE:") && h.toUpperCase(Locale.ROOT).contains("ENCRYPTED"));
        }
    }

    private Contents readPem(byte[] content, char[] password) {
        boolean byteOrderMark = content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
                && (content[2] & 0xFF) == 0xBF;
        String text = new String(content, byteOrderMark ? 3 : 0, content.length - (byteOrderMark ? 3 : 0),
                StandardCharsets.ISO_8859_1);
        if (!text.contains("-----BEGIN ")) {
            if (looksBinary(content)) {
                throw new InvalidRequestException("the file is not PEM: it is binary" + ((content[0] & 0xFF) == 0x30
                        ? ", probably a DER certificate or a PKCS#12 keystore; upload a .p12/.pfx file as PKCS12, or convert a DER"
                        + " certificate to PEM with: openssl x509 -inform der -in cert.der -out cert.pem" : "")
                        + "; a PEM file is text with -----BEGIN CERTIFICATE----- blocks");
            }
            throw new InvalidRequestException("the file is not PEM: it holds no -----BEGIN ...----- line; a PEM file is text"
                    + " with -----BEGIN CERTIFICATE----- blocks");
        }
        List<String> problems = new ArrayList<>();
        List<Block> blocks = scanBlocks(text, problems);
        if (blocks.isEmpty() && problems.isEmpty()) {
            problems.add("the file is not PEM: it holds no complete -----BEGIN ...----- / -----END ...----- block");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        for (Block block : blocks) {
            byte[] der;
            try {
                der = Base64.getDecoder().decode(block.base64());
            } catch (IllegalArgumentException e) {
                problems.add(block.name() + " is not valid base64 (" + e.getMessage() + "); the file is damaged");
                continue;
            }
            if (der.length == 0 && !block.type().equals("EC PARAMETERS")) {
                problems.add(block.name() + " is empty");
                continue;
            }
            try {
                switch (block.type()) {
                    case "CERTIFICATE", "X509 CERTIFICATE" -> certificates.add(readCertificate(der));
                    case "PRIVATE KEY" -> keys.add(toPrivateKey(PrivateKeyInfo.getInstance(strictDer(der))));
                    case "ENCRYPTED PRIVATE KEY" -> keys.add(readEncryptedPkcs8(block, der, password));
                    case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> keys.add(readTraditionalKey(block, password));
                    case "EC PARAMETERS" -> {
                        // written by "openssl ecparam -genkey" before the EC PRIVATE KEY, which names the curve again
                    }
                    case "PUBLIC KEY", "RSA PUBLIC KEY" -> problems.add(block.name() + " is a public key; the upload needs the"
                            + " private key (" + KEY_BLOCKS + "), the public key is already in the certificate");
                    case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST" -> problems.add(block.name() + " is a certificate"
                            + " signing request (CSR), not a certificate; upload the certificate the CA issued for it");
                    case "PKCS7" -> problems.add(block.name() + " is a PKCS#7 bundle, which an upload cannot hold; extract its"
                            + " certificates with: openssl pkcs7 -print_certs -in bundle.p7b");
                    default -> problems.add(block.name() + " is of an unsupported type, '" + block.type() + "'; an upload holds"
                            + " only CERTIFICATE blocks and one private key (" + KEY_BLOCKS + ")");
                }
            } catch (BlockException e) {
                problems.add(e.getMessage());
            } catch (IOException | CertificateException | RuntimeException e) {
                String what = block.type().equals("CERTIFICATE") || block.type().equals("X509 CERTIFICATE")
                        ? "is not a valid X.509 certificate" : "is not a valid private key";
                problems.add(block.name() + " " + what + ": its content is damaged or truncated (" + reason(e) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new Contents(certificates, keys);
    }

    /** Splits the text into blocks; text outside blocks (e.g. OpenSSL's "Bag Attributes") is ignored. */
    private static List<Block> scanBlocks(String text, List<String> problems) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Block> blocks = new ArrayList<>();
        String openType = null;
        int openLine = 0;
        int number = 0;
        List<String> headers = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            Matcher begin = BEGIN.matcher(line);
            Matcher end = END.matcher(line);
            if (begin.matches()) {
                if (openType != null) {
                    problems.add("PEM block " + number + " (" + openType + ", line " + openLine + ") is truncated: its -----END "
                            + openType + "----- line is missing before the next -----BEGIN line (line " + (i + 1) + ")");
                }
                openType = begin.group(1);
                openLine = i + 1;
                number++;
                headers = new ArrayList<>();
                body = new StringBuilder();
                raw = new StringBuilder(line).append('\n');
            } else if (end.matches()) {
                if (openType == null) {
                    problems.add("line " + (i + 1) + " holds -----END " + end.group(1) + "----- without a -----BEGIN line before it");
                } else if (!end.group(1).equals(openType)) {
                    problems.add("PEM block " + number + " (" + openType + ", line " + openLine + ") ends with -----END "
                            + end.group(1) + "----- on line " + (i + 1) + " instead of -----END " + openType + "-----");
                } else {
                    raw.append(line).append('\n');
                    blocks.add(new Block(number, openLine, openType, List.copyOf(headers), body.toString(), raw.toString()));
                }
                openType = null;
            } else if (openType != null) {
                raw.append(line).append('\n');
                if (body.length() == 0 && line.contains(":")) {
                    headers.add(line);
                } else {
                    body.append(line.replaceAll("\\s", ""));
                }
            }
        }
        if (openType != null) {
            problems.add("PEM block " + number + " (" + openType + ", line " + openLine + ") is truncated: the file ends before"
                    + " its -----END " + openType + "----- line");
        }
        return blocks;
    }

    /**
     * Tools derive keys with a few thousand iterations (OpenSSL 2048, others up to some 600,000). An
     * upload could ask for billions and hold a CPU for hours, so more than this is refused unread.
     */
    static final int MAX_KDF_ITERATIONS = 1_000_000;

    private static void requireSaneIterations(org.bouncycastle.asn1.x509.AlgorithmIdentifier algorithm, String what) {
        java.math.BigInteger iterations = null;
        try {
            if (PKCSObjectIdentifiers.id_PBES2.equals(algorithm.getAlgorithm())) {
                org.bouncycastle.asn1.pkcs.KeyDerivationFunc kdf =
                        org.bouncycastle.asn1.pkcs.PBES2Parameters.getInstance(algorithm.getParameters()).getKeyDerivationFunc();
                if (PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
                    iterations = org.bouncycastle.asn1.pkcs.PBKDF2Params.getInstance(kdf.getParameters()).getIterationCount();
                }
            } else if (algorithm.getAlgorithm().on(PKCSObjectIdentifiers.pkcs_12PbeIds)) {
                iterations = org.bouncycastle.asn1.pkcs.PKCS12PBEParams.getInstance(algorithm.getParameters()).getIterations();
            }
        } catch (RuntimeException e) {
            return; // parameters of another shape: the decryption itself reports them
        }
        requireSaneIterations(iterations, what);
    }

    private static void requireSaneIterations(java.math.BigInteger iterations, String what) {
        if (iterations != null && iterations.compareTo(java.math.BigInteger.valueOf(MAX_KDF_ITERATIONS)) > 0) {
            throw new InvalidRequestException(what + " asks for " + iterations + " key-derivation iterations; at most "
                    + MAX_KDF_ITERATIONS + " are accepted: export it again with the tool's default");
        }
    }

    private static PrivateKey readEncryptedPkcs8(Block block, byte[] der, char[] password) throws IOException {
        PKCS8EncryptedPrivateKeyInfo encrypted = new PKCS8EncryptedPrivateKeyInfo(strictDer(der).getEncoded());
        requireSaneIterations(encrypted.getEncryptionAlgorithm(), "the encrypted private key in " + block.name());
        if (password == null || password.length == 0) {
            throw new BlockException("the private key in " + block.name() + " is encrypted: give its passphrase");
        }
        try {
            InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password);
            return toPrivateKey(encrypted.decryptPrivateKeyInfo(decryptor));
        } catch (Exception e) {
            throw new BlockException("the passphrase for the encrypted private key in " + block.name() + " is wrong: the key"
                    + " cannot be decrypted with it");
        }
    }

    private static PrivateKey readTraditionalKey(Block block, char[] password) throws IOException {
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(block.text()))) {
            object = parser.readObject();
        }
        if (object instanceof PEMEncryptedKeyPair encrypted) {
            if (password == null || password.length == 0) {
                throw new BlockException("the private key in " + block.name() + " is encrypted: give its passphrase");
            }
            try {
                return toPrivateKey(encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password))
                        .getPrivateKeyInfo());
            } catch (Exception e) {
                throw new BlockException("the passphrase for the encrypted private key in " + block.name() + " is wrong: the"
                        + " key cannot be decrypted with it");
            }
        }
        if (object instanceof PEMKeyPair pair) {
            return toPrivateKey(pair.getPrivateKeyInfo());
        }
        throw new IOException("no " + block.type() + " found");
    }

    private static boolean looksBinary(byte[] content) {
        int limit = Math.min(content.length, 4096);
        for (int i = 0; i < limit; i++) {
            int b = content[i] & 0xFF;
            if (b < 0x09 || (b > 0x0D && b < 0x20) || b == 0x7F) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------------- PKCS#12

    private Contents readPkcs12(byte[] content, char[] password) {
        String start = new String(content, 0, Math.min(content.length, 64), StandardCharsets.ISO_8859_1).strip();
        if (start.startsWith("\uFEFF")) {
            start = start.substring(1);
        }
        if (start.startsWith("-----BEGIN")) {
            throw new InvalidRequestException("the file is PEM text, not PKCS#12: upload it as PEM");
        }
        PKCS12PfxPdu pfx;
        try {
            pfx = new PKCS12PfxPdu(strictDer(content).getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new InvalidRequestException("the file is not a PKCS#12 (.p12/.pfx) keystore, or it is damaged (" + reason(e) + ")");
        }
        boolean noPassword = password == null || password.length == 0;
        char[] secret = password == null ? new char[0] : password;
        String wrongPassword = noPassword
                ? "the PKCS#12 file is protected by a password: give it"
                : "the PKCS#12 password is wrong: the file cannot be opened with it";
        if (pfx.hasMac()) {
            requireSaneIterations(pfx.toASN1Structure().getMacData().getIterationCount(), "the PKCS#12 file's integrity check");
        }
        if (pfx.hasMac() && !macValid(pfx, secret)) {
            throw new InvalidRequestException(wrongPassword);
        }
        if (secret.length == 0 && pfx.hasMac()) {
            // The MAC held with the empty password, so the password is right and only the content can be wrong.
            wrongPassword = "the PKCS#12 file has an empty password, but its encrypted content cannot be read with it";
        }
        InputDecryptorProvider decryptor = new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(BC)
                .setTryWrongPKCS12Zero(secret.length == 0).build(secret);
        if (secret.length == 0) {
            decryptor = new EmptyPasswordPbes2(decryptor);
        }
        List<String> problems = new ArrayList<>();
        List<X509Certificate> certificates = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        try {
            for (ContentInfo info : pfx.getContentInfos()) {
                PKCS12SafeBagFactory factory;
                try {
                    if (info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)) {
                        requireSaneIterations(org.bouncycastle.asn1.pkcs.EncryptedData.getInstance(info.getContent())
                                .getEncryptionAlgorithm(), "the encrypted part of the PKCS#12 file");
                    }
                    factory = info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)
                            ? new PKCS12SafeBagFactory(info, decryptor) : new PKCS12SafeBagFactory(info);
                } catch (InvalidRequestException e) {
                    throw e;
                } catch (Exception e) {
                    throw new InvalidRequestException(wrongPassword);
                }
                for (PKCS12SafeBag bag : factory.getSafeBags()) {
                    ASN1ObjectIdentifier type = bag.getType();
                    if (type.equals(PKCSObjectIdentifiers.certBag)) {
                        if (bag.getBagValue() instanceof X509CertificateHolder holder) {
                            X509Certificate certificate = readCertificate(holder.getEncoded());
                            if (!certificates.contains(certificate)) {
                                certificates.add(certificate);
                            }
                        } else {
                            problems.add("the PKCS#12 file holds a certificate that is not X.509");
                        }
                    } else if (type.equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)) {
                        PrivateKeyInfo key;
                        requireSaneIterations(((PKCS8EncryptedPrivateKeyInfo) bag.getBagValue()).getEncryptionAlgorithm(),
                                "the private key in the PKCS#12 file");
                        try {
                            key = ((PKCS8EncryptedPrivateKeyInfo) bag.getBagValue()).decryptPrivateKeyInfo(decryptor);
                        } catch (Exception e) {
                            throw new InvalidRequestException(wrongPassword);
                        }
                        keys.add(toPrivateKey(key));
                    } else if (type.equals(PKCSObjectIdentifiers.keyBag)) {
                        keys.add(toPrivateKey((PrivateKeyInfo) bag.getBagValue()));
                    } else {
                        problems.add("the PKCS#12 file holds an entry of type " + bagName(type) + ", which an upload cannot"
                                + " hold; only certificates and one private key");
                    }
                }
            }
        } catch (InvalidRequestException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidRequestException("the PKCS#12 file is damaged: its content cannot be read (" + reason(e) + ")");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new Contents(certificates, keys);
    }

    /**
     * Verifies the PKCS#12 integrity MAC (PKCS#12 key derivation, HMAC). An empty password is tried both as no bytes
     * (BouncyCastle's encoding) and as one BMPString terminator (OpenSSL's and the JDK's).
     */
    private static boolean macValid(PKCS12PfxPdu pfx, char[] password) {
        List<byte[]> encodings = new ArrayList<>();
        encodings.add(PBEParametersGenerator.PKCS12PasswordToBytes(password));
        if (password.length == 0) {
            encodings.add(new byte[2]);
        }
        try {
            MacData macData = pfx.toASN1Structure().getMacData();
            AlgorithmIdentifier digestAlgorithm = macData.getMac().getAlgorithmId();
            byte[] expected = macData.getMac().getDigest();
            byte[] authenticated = ASN1OctetString.getInstance(pfx.toASN1Structure().getAuthSafe().getContent()).getOctets();
            for (byte[] encoding : encodings) {
                PKCS12ParametersGenerator generator = new PKCS12ParametersGenerator(BcDefaultDigestProvider.INSTANCE.get(digestAlgorithm));
                generator.init(encoding, macData.getSalt(), macData.getIterationCount().intValueExact());
                HMac hmac = new HMac(BcDefaultDigestProvider.INSTANCE.get(digestAlgorithm));
                hmac.init(generator.generateDerivedMacParameters(hmac.getMacSize() * 8));
                hmac.update(authenticated, 0, authenticated.length);
                byte[] actual = new byte[hmac.getMacSize()];
                hmac.doFinal(actual, 0);
                if (MessageDigest.isEqual(expected, actual)) {
                    return true;
                }
            }
            return false;
        } catch (Exception unreadable) {
            return false;
        }
    }

    /** What is wrong with the certificate's validity at {@code now}, or null when it is valid then. */
    private static String validityProblem(X509Certificate certificate, String role, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            return role + describe(certificate) + " is not valid yet: its notBefore is " + notBefore + ", after " + now;
        }
        if (now.isAfter(notAfter)) {
            return role + describe(certificate) + " has expired: its notAfter was " + notAfter + ", before " + now;
        }
        return null;
    }

    private static String bagName(ASN1ObjectIdentifier type) {
        if (type.equals(PKCSObjectIdentifiers.crlBag)) {
            return "CRL";
        }
        if (type.equals(PKCSObjectIdentifiers.secretBag)) {
            return "secret";
        }
        return type.getId();
    }

    // --------------------------------------------------------------------------------------------------------- checks

    private ParsedUpload check(Contents contents, UploadFormat format, boolean acceptOutsideValidity, boolean requireKey,
                               Instant now) {
        String where = format == UploadFormat.PEM ? "the upload" : "the PKCS#12 file";
        if (contents.keys().size() > 1) {
            throw new InvalidRequestException(where + " holds " + contents.keys().size() + " private keys; it may hold only"
                    + " one, the leaf certificate's");
        }
        if (contents.certificates().isEmpty()) {
            throw new InvalidRequestException(where + " holds no certificate" + (contents.keys().isEmpty() ? "" : ", only a"
                    + " private key; add the certificate it belongs to, with its chain"));
        }
        List<String> problems = new ArrayList<>();
        PrivateKey key = contents.keys().isEmpty() ? null : contents.keys().get(0);
        if (key == null && requireKey) {
            problems.add(where + " holds no private key; the leaf certificate's private key is required");
        }

        List<X509Certificate> certificates = new ArrayList<>();
        for (X509Certificate certificate : contents.certificates()) {
            if (certificates.contains(certificate)) {
                problems.add("the certificate " + describe(certificate) + " appears twice in the upload; list each certificate once");
            } else {
                certificates.add(certificate);
            }
        }

        X509Certificate leaf = endEntity(certificates);
        if (key != null) {
            PublicKey derived = derivePublicKey(key);
            X509Certificate owner = certificates.stream()
                    .filter(certificate -> belongs(key, derived, certificate.getPublicKey()))
                    .findFirst().orElse(null);
            if (owner == null) {
                problems.add("the private key does not belong to the leaf certificate " + describe(leaf)
                        + (certificates.size() > 1 ? " nor to any other certificate in the upload" : "")
                        + "; upload the key that was generated with this certificate's request");
            } else if (owner != leaf && issuedAnother(owner, certificates)) {
                problems.add("the private key does not belong to the leaf certificate " + describe(leaf) + " but to the CA"
                        + " certificate " + describe(owner) + " of its chain; upload the leaf certificate's own key");
            } else {
                leaf = owner;
            }
        }

        List<X509Certificate> chain = buildChain(leaf, certificates, problems);

        for (X509Certificate certificate : certificates) {
            if (!chain.contains(certificate)) {
                problems.add("the certificate " + describe(certificate) + " is not part of the chain of the leaf certificate "
                        + describe(leaf) + "; remove it from the upload");
            }
        }
        if (format == UploadFormat.PEM) {
            checkOrder(certificates, chain, problems);
        }
        if (chain.size() == 1 && isSelfIssued(leaf) && leaf.getBasicConstraints() < 0 && !trustStore.contains(leaf)) {
            problems.add("the leaf certificate " + describe(leaf) + " is self-signed and not in the trust store; upload a"
                    + " certificate issued by a CA, or add this one to the trust store first");
        }

        KeyType keyType = keyType(leaf, problems);
        List<String> dnsNames = dnsNames(leaf, requireKey, problems);

        // A CA certificate of the chain outside its validity fails every client's verification just as the leaf would.
        boolean outsideValidity = false;
        for (X509Certificate certificate : chain) {
            String problem = validityProblem(certificate, certificate == leaf ? "the leaf certificate " : "the CA certificate ", now);
            if (problem != null) {
                outsideValidity = true;
                if (!acceptOutsideValidity) {
                    problems.add(problem + "; such a certificate is accepted only when certificates outside their validity"
                            + " are explicitly allowed");
                }
            }
        }

        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new ParsedUpload(leaf, chain, key, dnsNames, outsideValidity, keyType.name());
    }

    /**
     * The certificate that issued no other one of the upload; with several (unrelated extras), the first end-entity one,
     * else the first. Issuance is judged by name here, so that a broken signature is reported as such, not as disorder.
     */
    private static X509Certificate endEntity(List<X509Certificate> certificates) {
        List<X509Certificate> candidates = certificates.stream().filter(c -> !issuedAnother(c, certificates)).toList();
        if (candidates.isEmpty()) {
            return certificates.get(0);
        }
        return candidates.stream().filter(c -> c.getBasicConstraints() < 0).findFirst().orElse(candidates.get(0));
    }

    private static boolean issuedAnother(X509Certificate issuer, List<X509Certificate> certificates) {
        return certificates.stream().anyMatch(other -> other != issuer && !isSelfIssued(other)
                && other.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()));
    }

    /** From the leaf up, each next certificate the one (of the upload, else of the trust store) whose key signed it. */
    private List<X509Certificate> buildChain(X509Certificate leaf, List<X509Certificate> certificates, List<String> problems) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        X509Certificate current = leaf;
        int limit = certificates.size() + trustStore.size() + 1;
        while (chain.size() <= limit) {
            String role = current == leaf ? "the leaf certificate " : "the CA certificate ";
            if (isSelfIssued(current)) {
                if (!signedBy(current, current)) {
                    problems.add("the self-signed certificate " + describe(current) + " has a signature that does not verify"
                            + " with its own key: it was altered or damaged");
                }
                break;
            }
            X500Principal issuerName = current.getIssuerX500Principal();
            List<X509Certificate> named = new ArrayList<>();
            certificates.stream().filter(c -> !chain.contains(c) && c.getSubjectX500Principal().equals(issuerName)).forEach(named::add);
            trustStore.stream().filter(c -> !chain.contains(c) && c.getSubjectX500Principal().equals(issuerName)).forEach(named::add);
            X509Certificate subject = current;
            X509Certificate issuer = named.stream().filter(c -> signedBy(subject, c)).findFirst().orElse(null);
            if (issuer == null) {
                if (named.isEmpty()) {
                    problems.add("the chain is incomplete: the issuer of " + role + describe(current) + " is missing: no"
                            + " certificate named '" + issuerName.getName() + "' is in the upload or in the trust store;"
                            + " add that certificate to the upload");
                    break;
                }
                X509Certificate impostor = named.get(0);
                problems.add("the signature of " + role + describe(current) + " does not verify with the key of "
                        + describe(impostor) + ", the certificate named as its issuer: one of them was altered or damaged,"
                        + " or they come from two different CAs of the same name");
                if (!certificates.contains(impostor)) {
                    break;
                }
                issuer = impostor;
            }
            chain.add(issuer);
            current = issuer;
        }
        return chain;
    }

    /** A PEM bundle lists the leaf first, then each certificate's issuer; it is refused, not reordered, otherwise. */
    private static void checkOrder(List<X509Certificate> certificates, List<X509Certificate> chain, List<String> problems) {
        List<X509Certificate> expected = chain.stream().filter(certificates::contains).toList();
        List<X509Certificate> actual = certificates.stream().filter(chain::contains).toList();
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) != actual.get(i)) {
                String order = expected.stream().map(UploadParser::commonNameOrSubject).collect(Collectors.joining(", then "));
                problems.add("the chain is out of order: " + (i == 0
                        ? "the leaf certificate " + describe(expected.get(0)) + " must come first"
                        : "the certificate " + describe(expected.get(i)) + " must come right after "
                        + describe(expected.get(i - 1)) + ", which it issued")
                        + "; list the leaf first, then each certificate's issuer: " + order);
                return;
            }
        }
    }

    private static KeyType keyType(X509Certificate leaf, List<String> problems) {
        PublicKey key = leaf.getPublicKey();
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        String has = "the leaf certificate " + describe(leaf) + " has ";
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption) && key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < 2048) {
                problems.add(has + "an RSA " + bits + " key: RSA " + bits + " is too small; use at least 2048");
                return KeyType.DEFAULT;
            }
            return Keys.typeOf(key).orElseGet(() -> {
                problems.add(has + "an RSA " + bits + " key: RSA " + bits + " is not supported; use RSA 2048, RSA 3072 or RSA 4096");
                return KeyType.DEFAULT;
            });
        }
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            ASN1Encodable parameters = info.getAlgorithm().getParameters();
            if (parameters instanceof ASN1ObjectIdentifier curve) {
                java.util.Optional<KeyType> supported = Keys.typeOf(key);
                if (supported.isPresent()) {
                    return supported.get();
                }
                String name = ECNamedCurveTable.getName(curve) == null ? curve.getId() : ECNamedCurveTable.getName(curve);
                problems.add(has + "an EC " + name + " key: EC curve " + name + " is not supported; use EC P-256 (secp256r1)"
                        + " or EC P-384 (secp384r1)");
            } else {
                problems.add(has + "an EC key with explicit curve parameters, which are not supported; " + SUPPORTED_KEYS);
            }
            return KeyType.DEFAULT;
        }
        String name = KEY_ALGORITHMS.getOrDefault(algorithm, key.getAlgorithm() + " (" + algorithm.getId() + ")");
        problems.add(has + "an " + name + " key: " + name + " keys are not supported; " + SUPPORTED_KEYS);
        return KeyType.DEFAULT;
    }

    private static List<String> dnsNames(X509Certificate leaf, boolean requireKey, List<String> problems) {
        Set<String> names = new LinkedHashSet<>();
        List<String> addresses = new ArrayList<>();
        boolean invalid = false;
        Collection<List<?>> alternativeNames;
        try {
            alternativeNames = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            problems.add("the subject alternative names of the leaf certificate " + describe(leaf) + " cannot be read ("
                    + reason(e) + ")");
            return List.of();
        }
        String commonName = null;
        String commonNameProblem = null;
        if (alternativeNames != null) {
            for (List<?> entry : alternativeNames) {
                int type = (Integer) entry.get(0);
                if (type == 2) {
                    String name = String.valueOf(entry.get(1));
                    String problem = DomainNames.problemWith(name);
                    if (problem != null) {
                        invalid = true;
                        problems.add("the leaf certificate " + describe(leaf) + " holds an invalid DNS name: " + problem);
                    } else {
                        names.add(DomainNames.canonical(name));
                    }
                } else if (type == 7) {
                    addresses.add(String.valueOf(entry.get(1)));
                }
            }
        } else {
            commonName = commonName(leaf);
            if (commonName != null) {
                commonNameProblem = DomainNames.problemWith(commonName);
                if (commonNameProblem == null) {
                    names.add(DomainNames.canonical(commonName));
                }
            }
        }
        // A CA certificate needs no DNS name; an end-entity certificate is managed by its names.
        if (names.isEmpty() && requireKey && !invalid && leaf.getBasicConstraints() < 0) {
            String why;
            if (alternativeNames == null) {
                why = commonName == null ? "it has neither subject alternative names nor a common name"
                        : "it has no subject alternative names and its common name is not a DNS name: " + commonNameProblem;
            } else if (!addresses.isEmpty()) {
                why = "its subject alternative names hold only the IP address " + String.join(", ", addresses)
                        + ", and Certflow manages certificates for DNS names only";
            } else {
                why = "its subject alternative names hold no DNS name";
            }
            problems.add("the leaf certificate " + describe(leaf) + " names no DNS name: " + why);
        }
        return List.copyOf(names);
    }

    // -------------------------------------------------------------------------------------------------------- helpers

    /** A problem with one PEM block that is already a full sentence. */
    private static final class BlockException extends RuntimeException {
        BlockException(String message) {
            super(message, null, false, false);
        }
    }

    private static X509Certificate readCertificate(byte[] der) throws IOException, CertificateException {
        byte[] exact = strictDer(der).getEncoded();
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(exact));
        if (certificate == null) {
            throw new CertificateException("no certificate");
        }
        return certificate;
    }

    /** One DER object, with nothing after it. */
    private static ASN1Primitive strictDer(byte[] der) throws IOException {
        ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
        if (primitive == null) {
            throw new IOException("no ASN.1 object");
        }
        return primitive;
    }

    /** A JDK key where the JDK knows the algorithm (what the rest of Certflow expects), else a BouncyCastle one. */
    private static PrivateKey toPrivateKey(PrivateKeyInfo info) throws IOException {
        String algorithm = KEY_ALGORITHMS.get(info.getPrivateKeyAlgorithm().getAlgorithm());
        if (algorithm != null) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
            } catch (GeneralSecurityException unknownToTheJdk) {
                // e.g. a curve the JDK dropped: BouncyCastle below
            }
        }
        return new JcaPEMKeyConverter().setProvider(BC).getPrivateKey(info);
    }

    private static PublicKey derivePublicKey(PrivateKey key) {
        try {
            return Keys.publicKeyOf(key);
        } catch (RuntimeException notRsaCrtOrEc) {
            return null;
        }
    }

    /** Whether the private key is the other half of the public key: compared when derivable, else by a signature. */
    private static boolean belongs(PrivateKey key, PublicKey derived, PublicKey publicKey) {
        if (derived != null) {
            return Keys.samePublicKey(derived, publicKey);
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isSelfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    /** "(CN=www.example.test,O=Example, serial 1a2b...)": enough for a user to find the certificate. */
    static String describe(X509Certificate certificate) {
        return "(" + certificate.getSubjectX500Principal().getName() + ", serial " + serial(certificate.getSerialNumber()) + ")";
    }

    private static String serial(BigInteger serial) {
        return serial.toString(16);
    }

    private static String commonNameOrSubject(X509Certificate certificate) {
        String commonName = commonName(certificate);
        return commonName != null ? commonName : certificate.getSubjectX500Principal().getName();
    }

    private static String commonName(X509Certificate certificate) {
        RDN[] rdns = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[rdns.length - 1].getFirst().getValue());
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
