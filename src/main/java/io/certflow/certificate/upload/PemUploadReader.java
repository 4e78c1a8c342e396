package io.certflow.certificate.upload;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

import io.certflow.error.InvalidRequestException;

/** Reads the certificates and private keys of a PEM bundle, reporting every block that cannot be read. */
final class PemUploadReader {

    private static final List<String> KEY_TYPES = List.of("PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY");
    private static final String KEY_BLOCKS = "PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY";

    private PemUploadReader() {
    }

    static UploadContents read(byte[] content, char[] password) {
        String text = PemBlocks.text(content);
        if (!text.contains("-----BEGIN ")) {
            if (PemBlocks.looksBinary(content)) {
                throw new InvalidRequestException("the file is not PEM: it is binary" + ((content[0] & 0xFF) == 0x30
                        ? ", probably a DER certificate or a PKCS#12 keystore; upload a .p12/.pfx file as PKCS12, or convert a DER"
                        + " certificate to PEM with: openssl x509 -inform der -in cert.der -out cert.pem" : "")
                        + "; a PEM file is text with -----BEGIN CERTIFICATE----- blocks");
            }
            throw new InvalidRequestException("the file is not PEM: it holds no -----BEGIN ...----- line; a PEM file is text"
                    + " with -----BEGIN CERTIFICATE----- blocks");
        }
        List<String> problems = new ArrayList<>();
        List<PemBlocks.Block> blocks = PemBlocks.scan(text, problems);
        if (blocks.isEmpty() && problems.isEmpty()) {
            problems.add("the file is not PEM: it holds no complete -----BEGIN ...----- / -----END ...----- block");
        }
        long keyBlocks = blocks.stream().filter(block -> KEY_TYPES.contains(block.type())).count();
        if (keyBlocks > 1) {
            // Said before any key is read: each encrypted one costs a key derivation.
            throw new InvalidRequestException(UploadParser.moreThanOneKey("the upload", (int) keyBlocks));
        }
        List<X509Certificate> certificates = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        for (PemBlocks.Block block : blocks) {
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
                    case "CERTIFICATE", "X509 CERTIFICATE" -> certificates.add(Certificates.read(der));
                    case "PRIVATE KEY" -> keys.add(PrivateKeys.toPrivateKey(PrivateKeyInfo.getInstance(Certificates.strictDer(der))));
                    case "ENCRYPTED PRIVATE KEY" -> keys.add(PrivateKeys.readEncryptedPkcs8(block.name(), der, password));
                    case "RSA PRIVATE KEY", "EC PRIVATE KEY" ->
                            keys.add(PrivateKeys.readTraditional(block.name(), block.type(), block.text(), password));
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
            } catch (BlockProblem e) {
                problems.add(e.getMessage());
            } catch (InvalidRequestException e) {
                problems.addAll(e.problems()); // a key-derivation limit: refused unread, not damaged
            } catch (IOException | CertificateException | RuntimeException e) {
                String what = block.type().equals("CERTIFICATE") || block.type().equals("X509 CERTIFICATE")
                        ? "is not a valid X.509 certificate" : "is not a valid private key";
                problems.add(block.name() + " " + what + ": its content is damaged or truncated (" + Certificates.reason(e) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new UploadContents(certificates, keys);
    }
}
