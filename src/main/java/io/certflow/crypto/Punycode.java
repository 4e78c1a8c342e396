package io.certflow.crypto;

/**
 * RFC 3492 Punycode, the encoding inside an A-label after its "xn--". The JDK only offers it behind
 * IDNA2003's mapping ({@link java.net.IDN}), which turns "ß" into "ss" and would refuse, or worse
 * silently change, valid IDNA2008 labels; checking that an A-label decodes and re-encodes to itself
 * needs the bare encoding.
 */
final class Punycode {

    private static final int BASE = 36;
    private static final int TMIN = 1;
    private static final int TMAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 0x80;

    private Punycode() {
    }

    /** The Unicode text of a Punycode string (lower or upper case digits); IllegalArgumentException when it is not one. */
    static String decode(String input) {
        int basicEnd = Math.max(input.lastIndexOf('-'), 0);
        int[] codePoints = new int[input.length()];
        int length = 0;
        for (int j = 0; j < basicEnd; j++) {
            char c = input.charAt(j);
            if (c >= 0x80) {
                throw new IllegalArgumentException("a non-ASCII character before the last '-'");
            }
            codePoints[length++] = c;
        }
        int n = INITIAL_N;
        int i = 0;
        int bias = INITIAL_BIAS;
        for (int in = basicEnd > 0 ? basicEnd + 1 : 0; in < input.length(); ) {
            int oldI = i;
            int w = 1;
            for (int k = BASE; ; k += BASE) {
                if (in >= input.length()) {
                    throw new IllegalArgumentException("it ends in the middle of a number");
                }
                int digit = digit(input.charAt(in++));
                if (digit > (Integer.MAX_VALUE - i) / w) {
                    throw new IllegalArgumentException("a number overflows");
                }
                i += digit * w;
                int t = threshold(k, bias);
                if (digit < t) {
                    break;
                }
                if (w > Integer.MAX_VALUE / (BASE - t)) {
                    throw new IllegalArgumentException("a number overflows");
                }
                w *= BASE - t;
            }
            bias = adapt(i - oldI, length + 1, oldI == 0);
            if (i / (length + 1) > Integer.MAX_VALUE - n) {
                throw new IllegalArgumentException("a code point overflows");
            }
            n += i / (length + 1);
            i %= length + 1;
            if (n > Character.MAX_CODE_POINT || (n >= Character.MIN_SURROGATE && n <= Character.MAX_SURROGATE)) {
                throw new IllegalArgumentException("it encodes U+" + Integer.toHexString(n).toUpperCase() + ", which is no character");
            }
            if (length == codePoints.length) {
                codePoints = java.util.Arrays.copyOf(codePoints, length * 2 + 1);
            }
            System.arraycopy(codePoints, i, codePoints, i + 1, length - i);
            codePoints[i++] = n;
            length++;
        }
        return new String(codePoints, 0, length);
    }

    /** The Punycode of a Unicode text (lower-case digits). */
    static String encode(String text) {
        int[] input = text.codePoints().toArray();
        StringBuilder output = new StringBuilder();
        for (int c : input) {
            if (c < INITIAL_N) {
                output.append((char) c);
            }
        }
        int basic = output.length();
        int handled = basic;
        if (basic > 0) {
            output.append('-');
        }
        int n = INITIAL_N;
        int delta = 0;
        int bias = INITIAL_BIAS;
        while (handled < input.length) {
            int m = Integer.MAX_VALUE;
            for (int c : input) {
                if (c >= n && c < m) {
                    m = c;
                }
            }
            if (m - n > (Integer.MAX_VALUE - delta) / (handled + 1)) {
                throw new IllegalArgumentException("the text is too long to encode");
            }
            delta += (m - n) * (handled + 1);
            n = m;
            for (int c : input) {
                if (c < n) {
                    if (delta == Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("the text is too long to encode");
                    }
                    delta++;
                }
                if (c == n) {
                    int q = delta;
                    for (int k = BASE; ; k += BASE) {
                        int t = threshold(k, bias);
                        if (q < t) {
                            break;
                        }
                        output.append(digitChar(t + (q - t) % (BASE - t)));
                        q = (q - t) / (BASE - t);
                    }
                    output.append(digitChar(q));
                    bias = adapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled++;
                }
            }
            delta++;
            n++;
        }
        return output.toString();
    }

    private static int threshold(int k, int bias) {
        return k <= bias ? TMIN : Math.min(k - bias, TMAX);
    }

    private static int adapt(int delta, int numPoints, boolean first) {
        delta = first ? delta / DAMP : delta / 2;
        delta += delta / numPoints;
        int k = 0;
        while (delta > ((BASE - TMIN) * TMAX) / 2) {
            delta /= BASE - TMIN;
            k += BASE;
        }
        return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0' + 26;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        throw new IllegalArgumentException("'" + c + "' is not a Punycode digit");
    }

    private static char digitChar(int digit) {
        return (char) (digit < 26 ? 'a' + digit : '0' + digit - 26);
    }
}
