package io.certflow.certificate.upload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text of a PEM upload and its -----BEGIN ...----- / -----END ...----- blocks. */
final class PemBlocks {

    /** One block: its number and first line in the file (for messages), its type, base64 body and its whole text. */
    record Block(int number, int line, String type, String base64, String text) {
        String name() {
            return "PEM block " + number + " (" + type + ", line " + line + ")";
        }
    }

    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
    private static final Pattern END = Pattern.compile("-----END ([A-Z0-9 ]+)-----");

    /** A UTF-8 byte-order mark as ISO-8859-1 reads it, or as UTF-16 reads its own; only at the start of a line. */
    private static final Pattern BYTE_ORDER_MARKS = Pattern.compile("(?m)^(?:\u00EF\u00BB\u00BF|\uFEFF)+");

    private PemBlocks() {
    }

    /**
     * The file as text. PEM is ASCII; ISO-8859-1 maps every byte to one character, so that damage is reported where it is
     * rather than failing the decoding. Windows editors write a UTF-8 byte-order mark at the start of a file, and files
     * joined with copy or cat keep one before each part: each one at the start of a line is skipped. A file saved as
     * UTF-16 ("Unicode" in Notepad) starts with its own mark and is read as UTF-16.
     */
    static String text(byte[] content) {
        boolean utf16 = content.length >= 2 && ((content[0] & 0xFF) == 0xFF && (content[1] & 0xFF) == 0xFE
                || (content[0] & 0xFF) == 0xFE && (content[1] & 0xFF) == 0xFF);
        String text = new String(content, utf16 ? StandardCharsets.UTF_16 : StandardCharsets.ISO_8859_1);
        return BYTE_ORDER_MARKS.matcher(text).replaceAll("");
    }

    /** Whether the file starts as PEM text does, byte-order marks and blank lines aside. */
    static boolean startsLikePem(byte[] content) {
        return text(Arrays.copyOf(content, Math.min(content.length, 256))).strip().startsWith("-----BEGIN");
    }

    /** Whether the start of the file holds control characters no text file has. */
    static boolean looksBinary(byte[] content) {
        int limit = Math.min(content.length, 4096);
        for (int i = 0; i < limit; i++) {
            int b = content[i] & 0xFF;
            if (b < 0x09 || (b > 0x0D && b < 0x20) || b == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** Splits the text into blocks; text outside blocks (e.g. OpenSSL's "Bag Attributes") is ignored. */
    static List<Block> scan(String text, List<String> problems) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Block> blocks = new ArrayList<>();
        String openType = null;
        int openLine = 0;
        int number = 0;
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
                    blocks.add(new Block(number, openLine, openType, body.toString(), raw.toString()));
                }
                openType = null;
            } else if (openType != null) {
                raw.append(line).append('\n');
                // Headers (Proc-Type, DEK-Info of a legacy encrypted key) come before the body; the key parser reads them.
                if (!(body.length() == 0 && line.contains(":"))) {
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
}
