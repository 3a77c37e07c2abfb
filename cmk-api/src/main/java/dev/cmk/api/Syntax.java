package dev.cmk.api;

import java.util.Locale;

/**
 * The one home of the character rules for Azure names and ids that cmk's value types share (package-private; not
 * API): vault names, key names, key versions, GUIDs, resource groups and printable ASCII. Every refusal is an
 * {@link InvalidInputException} naming the part, the rule and a valid example.
 */
final class Syntax {
    static final String GUID_EXAMPLE = "00000000-1111-2222-3333-444444444444";
    static final String VERSION_EXAMPLE = "4f2c7d9a1b3e4c5d6e7f8091a2b3c4d5";

    private Syntax() {
    }

    /** Refuses spaces, control characters and anything outside printable ASCII (look-alike Unicode). */
    static void checkPrintableAscii(String part, String value, String example) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new InvalidInputException(part,
                        "only printable ASCII is allowed (no spaces, control characters or look-alike Unicode "
                                + "characters, found U+" + String.format("%04X", (int) c) + " at index " + i + ")",
                        value, example);
            }
        }
    }

    /** A vault name: 3-24 of {@code [a-zA-Z0-9-]}, starting with a letter, ending with a letter or digit, no --. */
    static String checkVaultName(String label) {
        String rule = "a vault name is 3-24 letters, digits and hyphens, starts with a letter, ends with a letter "
                + "or digit and has no '--'";
        if (label == null || label.length() < 3 || label.length() > 24 || !isAlnumDash(label)
                || !isLetter(label.charAt(0)) || label.endsWith("-") || label.contains("--")) {
            throw new InvalidInputException("vault name", rule, label, "contoso");
        }
        return label;
    }

    /** A key name: 1-127 of {@code [a-zA-Z0-9-]}. */
    static String checkKeyName(String name) {
        if (name == null || name.isEmpty() || name.length() > 127 || !isAlnumDash(name)) {
            throw new InvalidInputException("key name", "a key name is 1-127 letters, digits and hyphens", name,
                    "storage-cmk");
        }
        return name;
    }

    /** A key version: exactly 32 hexadecimal characters, returned in lower case. */
    static String checkVersion(String version) {
        if (version == null || version.length() != 32 || !isHex(version)) {
            throw new InvalidInputException("key version", "a key version is exactly 32 hexadecimal characters",
                    version, VERSION_EXAMPLE);
        }
        return version.toLowerCase(Locale.ROOT);
    }

    /** A GUID (8-4-4-4-12 hexadecimal digits), returned in lower case. */
    static String checkGuid(String what, String value) {
        String rule = "a " + what + " is a GUID (8-4-4-4-12 hexadecimal digits)";
        if (value == null || value.length() != 36) {
            throw new InvalidInputException(what, rule, value, GUID_EXAMPLE);
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHex(c)) {
                throw new InvalidInputException(what, rule, value, GUID_EXAMPLE);
            }
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /**
     * A resource group name as ARM allows it: 1-90 of Unicode letters and digits (what .NET's
     * {@code Char.IsLetterOrDigit} accepts: categories Lu, Ll, Lt, Lm, Lo and Nd), {@code _-.()}, not ending in
     * {@code .}. Control characters, spaces, {@code /}, {@code %} and every other symbol are refused, so the name
     * cannot carry a path trick ({@code ..} ends with a dot) or an encoded character.
     */
    static String checkResourceGroup(String rg) {
        String rule = "a resource group name is 1-90 letters (Unicode letters allowed), digits, '_', '-', '.', '(' "
                + "or ')' and does not end with '.'";
        if (rg == null || rg.isEmpty() || rg.length() > 90 || rg.endsWith(".")) {
            throw new InvalidInputException("resource group", rule, rg, "rg-storage");
        }
        for (int i = 0; i < rg.length(); ) {
            int c = rg.codePointAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '(' || c == ')')) {
                throw new InvalidInputException("resource group", rule, rg, "rg-storage");
            }
            i += Character.charCount(c);
        }
        return rg;
    }

    /**
     * Refuses spaces, control characters and non-ASCII characters except inside {@code [from, to)}, where only
     * spaces and control characters are refused (the resource group segment of an id, whose own rule then
     * decides which Unicode characters it may hold).
     */
    static void checkPrintableAsciiOutside(String part, String value, String example, int from, int to) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean inside = i >= from && i < to;
            if (c <= 0x20 || c == 0x7f || (!inside && c > 0x7f) || Character.isISOControl(c)
                    || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new InvalidInputException(part,
                        "only printable ASCII is allowed outside the resource group name (no spaces, control "
                                + "characters or look-alike Unicode characters, found U+"
                                + String.format("%04X", (int) c) + " at index " + i + ")",
                        value, example);
            }
        }
    }

    /**
     * Case folding for comparing resource group names and ids the way ARM does (ordinal, ignoring case by each
     * character's simple upper-case mapping), consistent between equals and hashCode for every Unicode letter.
     */
    static String fold(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.toUpperCase(c)));
        return b.toString();
    }

    static boolean isAlnumDash(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isLetter(c) || isDigit(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
