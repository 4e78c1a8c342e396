package io.certflow.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The openssl command line, as the real peer that Certflow's CMS and certificates must work with. */
public final class OpenSsl {

    private final Path dir;

    public OpenSsl(Path dir) {
        this.dir = dir;
    }

    /** Runs {@code openssl args...} in the working directory; fails with openssl's output when it exits non-zero. */
    public String run(String... args) {
        Outcome outcome = attempt(args);
        if (outcome.exitCode() != 0) {
            throw new AssertionError("openssl failed (exit " + outcome.exitCode() + "): openssl " + String.join(" ", args) + "\n"
                    + outcome.output());
        }
        return outcome.output();
    }

    /** How a command ended: its exit code and its output (stdout and stderr together). */
    public record Outcome(int exitCode, String output) {
    }

    /** Runs {@code openssl args...} in the working directory, for a command that may rightly fail (e.g. verify). */
    public Outcome attempt(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl did not finish: " + command);
            }
            return new Outcome(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("Cannot run openssl (is it installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Path path(String name) {
        return dir.resolve(name);
    }

    /**
     * A root CA and an RSA 2048 leaf it signed, for {@code name}: root.pem, root.key, leaf.pem, leaf.key
     * (unencrypted PKCS#8), and bundle.pem (leaf, root, key) as a user would upload it.
     */
    public void makeRootAndLeaf(String name) throws IOException {
        run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "root.key",
                "-out", "root.pem", "-days", "36500", "-subj", "/CN=Test Root " + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=" + name);
        java.nio.file.Files.writeString(dir.resolve("leaf.ext"), "basicConstraints=critical,CA:FALSE\n"
                + "keyUsage=critical,digitalSignature,keyEncipherment\nsubjectAltName=DNS:" + name + "\n");
        run("x509", "-req", "-in", "leaf.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial", "-out", "leaf.pem",
                "-days", "36500", "-extfile", "leaf.ext");
        java.nio.file.Files.writeString(dir.resolve("bundle.pem"), java.nio.file.Files.readString(dir.resolve("leaf.pem"))
                + java.nio.file.Files.readString(dir.resolve("root.pem")) + java.nio.file.Files.readString(dir.resolve("leaf.key")));
    }
}
