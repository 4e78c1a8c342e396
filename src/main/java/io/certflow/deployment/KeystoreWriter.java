package io.certflow.deployment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.certflow.config.CertflowProperties;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.Keys;
import io.certflow.crypto.Pem;
import io.certflow.deployment.AtomicFiles.Planned;
import io.certflow.deployment.KeptCopies.KeptFile;
import io.certflow.error.LibraryMessages;

/**
 * The KEYSTORE adapter, the same steps as {@link PemFileWriter}: keep a copy, write, restore,
 * discard. The keystore is written whole, a new one each time, holding only the new key and its
 * chain under the target's alias: an entry left over from an earlier certificate could be the one a
 * server picks. It is staged beside the target and renamed over it, owner-only, its path checked
 * against the allowed directories before it is read, before it is staged and again before the rename.
 * Refusals are {@link io.certflow.error.BusinessFailure}s ({@code DEPLOYMENT_REFUSED}), file system
 * faults {@link io.certflow.error.TransientFault}s, as for PEM files.
 */
@Component
public class KeystoreWriter implements TargetAdapter {

    /** A keystore of one certificate chain is a few KiB. */
    static final long MAX_KEPT_BYTES = 1 << 20;
    private static final String PART = "KEYSTORE";
    private static final String FIELD = "keystore.path";

    private final AllowedPaths allowedPaths;
    private final KeptCopies keptCopies;
    private final KeyProtection protection;

    @Autowired
    public KeystoreWriter(DeploymentSettings settings, KeyProtection protection, CertflowProperties properties) {
        this(settings, protection, properties.dataDir());
    }

    public KeystoreWriter(DeploymentSettings settings, KeyProtection protection, Path dataDir) {
        this.allowedPaths = new AllowedPaths(settings.allowedRoots());
        this.keptCopies = KeptCopies.inDataDir(dataDir, protection);
        this.protection = protection;
    }

    @Override
    public DeploymentTargetKind kind() {
        return DeploymentTargetKind.KEYSTORE;
    }

    /** Keeps what the keystore file holds now (or that there is none); a copy kept already is never replaced. */
    @Override
    public void keepCopy(UUID deploymentId, DeploymentTarget target) {
        if (keptCopies.has(deploymentId)) {
            return;
        }
        Path where = checked(target);
        keptCopies.keep(deploymentId, List.of(KeptCopies.current(PART, label(target), where, MAX_KEPT_BYTES,
                "no keystore of one certificate does")));
    }

    /** Writes a new keystore holding the material's key and full chain under the target's alias. */
    @Override
    public void write(UUID deploymentId, DeploymentTarget target, DeployedMaterial material) {
        Path where = checked(target);
        if (keptCopies.has(deploymentId)) {
            Path kept = keptCopies.read(deploymentId).get(0).path();
            if (!kept.equals(where)) {
                throw AtomicFiles.refused(refusal(target, "its keystore path changed after this deployment kept a copy of it;"
                        + " start a new deployment"));
            }
        }
        byte[] content = keystore(target.keystore(), material);
        replace(deploymentId, target, where, new Planned(label(target), where, content,
                AtomicFiles.permissions(KeystoreFile.MODE), null, null));
    }

    /** Puts back the kept keystore with its old mode and owner, or removes the one this deployment created. */
    @Override
    public void restore(UUID deploymentId, DeploymentTarget target) {
        KeptFile kept = keptCopies.read(deploymentId).get(0);
        Path where = checked(target);
        if (!where.equals(kept.path())) {
            throw AtomicFiles.refused(refusal(target, label(target) + ": leads somewhere else than when its copy was kept, now to "
                    + where));
        }
        if (kept.existed()) {
            replace(deploymentId, target, where, new Planned(label(target), where, kept.content(),
                    AtomicFiles.permissions(kept.mode()), kept.owner(), kept.group()));
        } else {
            AtomicFiles.delete(label(target), where);
        }
    }

    /** Removes the kept copy once the deployment has ended. */
    @Override
    public void discardCopy(UUID deploymentId) {
        keptCopies.discard(deploymentId);
    }

    private Path checked(DeploymentTarget target) {
        if (target.kind() != DeploymentTargetKind.KEYSTORE || target.keystore() == null) {
            throw new IllegalArgumentException("Target " + target.id() + " is no KEYSTORE target");
        }
        String problem = allowedPaths.problemWith(label(target), target.keystore().path());
        if (problem != null) {
            throw AtomicFiles.refused(refusal(target, problem));
        }
        return allowedPaths.whereOpened(target.keystore().path());
    }

    /** Stages the file, checks the path once more (staging took time and may have created directories), then renames. */
    private void replace(UUID deploymentId, DeploymentTarget target, Path where, Planned planned) {
        List<AtomicFiles.Staged> staged = AtomicFiles.stage(List.of(planned), deploymentId.toString());
        try {
            Path now = checked(target);
            if (!now.equals(where)) {
                throw AtomicFiles.refused(refusal(target, label(target) + ": changed while it was written, now leads to " + now));
            }
        } catch (RuntimeException e) {
            AtomicFiles.abandon(staged);
            throw e;
        }
        AtomicFiles.commit(staged);
    }

    private byte[] keystore(KeystoreFile keystore, DeployedMaterial material) {
        List<X509Certificate> chain = chain(material);
        PrivateKey key = privateKey(material.privateKeyPem());
        if (!Keys.publicKeyOf(key).equals(chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException("The deployed material's key does not belong to its certificate");
        }
        char[] password = password(keystore);
        try {
            KeyStore store = KeyStore.getInstance(keystore.format().name());
            store.load(null, null);
            store.setKeyEntry(keystore.alias(), key, password, chain.toArray(X509Certificate[]::new));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a " + keystore.format() + " keystore: " + LibraryMessages.of(e), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] password(KeystoreFile keystore) {
        byte[] plain = protection.decrypt(keystore.sealedPassword(), KeystoreFile.PASSWORD_PURPOSE);
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
        try {
            char[] password = new char[decoded.remaining()];
            decoded.get(password);
            return password;
        } finally {
            Arrays.fill(plain, (byte) 0);
            Arrays.fill(decoded.array(), '\0');
        }
    }

    /** The leaf first, then its issuers: the full chain, or the certificate followed by the chain. */
    private static List<X509Certificate> chain(DeployedMaterial material) {
        if (material.fullChainPem() != null) {
            return Pem.readCertificates(material.fullChainPem());
        }
        List<X509Certificate> chain = new ArrayList<>(Pem.readCertificates(material.certificatePem()));
        if (material.chainPem() != null) {
            chain.addAll(Pem.readCertificates(material.chainPem()));
        }
        return chain;
    }

    /** PKCS#8 ("PRIVATE KEY") or the traditional RSA/EC form, as Certflow and OpenSSL write keys. */
    private static PrivateKey privateKey(String pem) {
        if (pem == null) {
            throw new IllegalArgumentException("The deployed material has no private key for the keystore");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            // A traditional EC key may lack its public half (the JDK writes none): convert the private part alone.
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException("The deployed material's private key is no PEM private key");
        } catch (IOException e) {
            throw new IllegalArgumentException("The deployed material's private key cannot be read: " + LibraryMessages.of(e), e);
        }
    }

    private static String label(DeploymentTarget target) {
        return FIELD + " (" + target.keystore().path() + ")";
    }

    private static String refusal(DeploymentTarget target, String problem) {
        return "Deployment target '" + target.name() + "' cannot be written: " + problem;
    }
}
