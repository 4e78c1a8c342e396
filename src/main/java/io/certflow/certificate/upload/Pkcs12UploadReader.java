package io.certflow.certificate.upload;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.generators.PKCS12ParametersGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

import io.certflow.error.InvalidRequestException;

/** Reads the certificates and private keys of a PKCS#12 (.p12/.pfx) file, telling a wrong password from damage. */
final class Pkcs12UploadReader {

    private Pkcs12UploadReader() {
    }

    static UploadContents read(byte[] content, char[] password) {
        if (PemBlocks.startsLikePem(content)) {
            throw new InvalidRequestException("the file is PEM text, not PKCS#12: upload it as PEM");
        }
        PKCS12PfxPdu pfx;
        try {
            pfx = new PKCS12PfxPdu(Certificates.strictDer(content).getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new InvalidRequestException("the file is not a PKCS#12 (.p12/.pfx) keystore, or it is damaged ("
                    + Certificates.reason(e) + ")");
        }
        boolean noPassword = password == null || password.length == 0;
        char[] secret = password == null ? new char[0] : password;
        String wrongPassword = noPassword
                ? "the PKCS#12 file is protected by a password: give it"
                : "the PKCS#12 password is wrong: the file cannot be opened with it";
        if (pfx.hasMac()) {
            KdfLimits.requireSaneIterations(pfx.toASN1Structure().getMacData().getIterationCount(),
                    "the PKCS#12 file's integrity check");
        }
        if (pfx.hasMac() && !macValid(pfx, secret)) {
            throw new InvalidRequestException(wrongPassword);
        }
        if (secret.length == 0 && pfx.hasMac()) {
            // The MAC held with the empty password, so the password is right and only the content can be wrong.
            wrongPassword = "the PKCS#12 file has an empty password, but its encrypted content cannot be read with it";
        }
        InputDecryptorProvider decryptor = new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(PrivateKeys.BC)
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
                        KdfLimits.requireSaneIterations(EncryptedData.getInstance(info.getContent()).getEncryptionAlgorithm(),
                                "the encrypted part of the PKCS#12 file");
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
                            X509Certificate certificate = Certificates.read(holder.getEncoded());
                            if (!certificates.contains(certificate)) {
                                certificates.add(certificate);
                            }
                        } else {
                            problems.add("the PKCS#12 file holds a certificate that is not X.509");
                        }
                    } else if (type.equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)) {
                        refuseASecondKey(keys);
                        PKCS8EncryptedPrivateKeyInfo encrypted = (PKCS8EncryptedPrivateKeyInfo) bag.getBagValue();
                        KdfLimits.requireSaneIterations(encrypted.getEncryptionAlgorithm(), "the private key in the PKCS#12 file");
                        PrivateKeyInfo key;
                        try {
                            key = encrypted.decryptPrivateKeyInfo(decryptor);
                        } catch (Exception e) {
                            throw new InvalidRequestException(wrongPassword);
                        }
                        keys.add(PrivateKeys.toPrivateKey(key));
                    } else if (type.equals(PKCSObjectIdentifiers.keyBag)) {
                        refuseASecondKey(keys);
                        keys.add(PrivateKeys.toPrivateKey((PrivateKeyInfo) bag.getBagValue()));
                    } else {
                        problems.add("the PKCS#12 file holds an entry of type " + bagName(type) + ", which an upload cannot"
                                + " hold; only certificates and one private key");
                    }
                }
            }
        } catch (InvalidRequestException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidRequestException("the PKCS#12 file is damaged: its content cannot be read (" + Certificates.reason(e) + ")");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new UploadContents(certificates, keys);
    }

    /** Before a second key is decrypted: each costs a key derivation, and a file of thousands would hold a CPU for long. */
    private static void refuseASecondKey(List<PrivateKey> keys) {
        if (!keys.isEmpty()) {
            throw new InvalidRequestException(UploadParser.moreThanOneKey("the PKCS#12 file", null));
        }
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

    private static String bagName(ASN1ObjectIdentifier type) {
        if (type.equals(PKCSObjectIdentifiers.crlBag)) {
            return "CRL";
        }
        if (type.equals(PKCSObjectIdentifiers.secretBag)) {
            return "secret";
        }
        return type.getId();
    }
}
