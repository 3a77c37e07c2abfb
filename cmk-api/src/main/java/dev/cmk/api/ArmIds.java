package dev.cmk.api;

import java.util.Locale;

/** Shared checks for Azure Resource Manager ids (package-private; not API). */
final class ArmIds {
    private ArmIds() {
    }

    static final String GUID_EXAMPLE = "00000000-1111-2222-3333-444444444444";

    /** Parsed common prefix {@code /subscriptions/<guid>/resourceGroups/<rg>/providers/<ns>/<type>/<name>}. */
    record Parts(String subscriptionId, String resourceGroup, String name) {
    }

    static Parts parse(String what, String id, String namespace, String type, String example) {
        if (id == null) {
            throw new InvalidInputException(what, "a resource id is required", null, example);
        }
        if (id.length() > 1024) {
            throw new InvalidInputException(what, "a resource id is at most 1024 characters", id, example);
        }
        KeyReference.checkPrintableAscii(what, id, example);
        String s = id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
        String[] seg = s.split("/", -1);
        String shape = "the id must be /subscriptions/<subscription-guid>/resourceGroups/<group>/providers/"
                + namespace + "/" + type + "/<name>";
        if (seg.length != 9 || !seg[0].isEmpty()
                || !seg[1].equalsIgnoreCase("subscriptions")
                || !seg[3].equalsIgnoreCase("resourceGroups")
                || !seg[5].equalsIgnoreCase("providers")
                || !seg[6].equalsIgnoreCase(namespace)
                || !seg[7].equalsIgnoreCase(type)) {
            throw new InvalidInputException(what, shape, id, example);
        }
        return new Parts(checkGuid("subscription id", seg[2]), checkResourceGroup(seg[4]), seg[8]);
    }

    static String checkGuid(String what, String value) {
        String rule = "a " + what + " is a GUID (8-4-4-4-12 hexadecimal digits)";
        if (value == null || value.length() != 36) {
            throw new InvalidInputException(what, rule, value, GUID_EXAMPLE);
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            boolean ok = dash ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                throw new InvalidInputException(what, rule, value, GUID_EXAMPLE);
            }
        }
        return value.toLowerCase(Locale.ROOT);
    }

    static String checkResourceGroup(String rg) {
        String rule = "a resource group name is 1-90 letters, digits, '_', '-', '.', '(' or ')' and does not end "
                + "with '.'";
        if (rg == null || rg.isEmpty() || rg.length() > 90 || rg.endsWith(".")) {
            throw new InvalidInputException("resource group", rule, rg, "rg-storage");
        }
        for (int i = 0; i < rg.length(); i++) {
            char c = rg.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.' || c == '(' || c == ')';
            if (!ok) {
                throw new InvalidInputException("resource group", rule, rg, "rg-storage");
            }
        }
        return rg;
    }
}
