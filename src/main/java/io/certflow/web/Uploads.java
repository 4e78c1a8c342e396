package io.certflow.web;

import java.io.IOException;
import java.util.Locale;

import org.springframework.web.multipart.MultipartFile;

import io.certflow.certificate.upload.UploadFormat;
import io.certflow.certificate.upload.UploadParser;
import io.certflow.certificate.upload.UploadService.Upload;
import io.certflow.error.InvalidRequestException;

/** The multipart fields of an upload, read into the service's terms. */
final class Uploads {

    static final String MAX_BYTES_IN_WORDS = "1 MiB (" + String.format(java.util.Locale.ROOT, "%,d", UploadParser.MAX_BYTES) + " bytes)";

    private Uploads() {
    }

    static final class UploadTooLargeException extends RuntimeException {
        UploadTooLargeException(String message) {
            super(message);
        }
    }

    static Upload of(MultipartFile file, String password, String format, boolean acceptOutsideValidity, String tenant)
            throws IOException {
        // Form fields, unlike JSON bodies, are not Bean-Validated: the same limits, checked here.
        if (tenant != null && tenant.length() > Limits.TENANT) {
            throw new InvalidRequestException("tenant: at most " + Limits.TENANT + " characters");
        }
        if (password != null && password.length() > Limits.SECRET) {
            throw new InvalidRequestException("password: at most " + Limits.SECRET + " characters");
        }
        if (format != null && format.length() > Limits.WORD) {
            throw new InvalidRequestException("format: at most " + Limits.WORD + " characters");
        }
        if (file == null) {
            throw new InvalidRequestException("file: send the PEM bundle or PKCS#12 file as the multipart part 'file'");
        }
        if (file.getSize() > UploadParser.MAX_BYTES) {
            throw new UploadTooLargeException("file: the upload is " + file.getSize() + " bytes; at most "
                    + MAX_BYTES_IN_WORDS + " are accepted");
        }
        UploadFormat parsedFormat = null;
        if (format != null && !format.isBlank()) {
            try {
                parsedFormat = UploadFormat.valueOf(format.trim().toUpperCase(Locale.ROOT).replace("P12", "PKCS12").replace("PFX", "PKCS12"));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("format: '" + format + "' is not PEM or PKCS12");
            }
        }
        return new Upload(tenant, file.getBytes(), parsedFormat, password == null ? null : password.toCharArray(),
                acceptOutsideValidity);
    }
}
