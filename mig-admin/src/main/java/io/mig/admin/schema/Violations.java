package io.mig.admin.schema;

import io.mig.core.model.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.everit.json.schema.ValidationException;

/** everit's tree of validation failures as a flat list of {@code {path, message}}, leaves only. */
final class Violations {
    static final int MAX = 50;
    private static final Pattern MISSING_KEY = Pattern.compile("required key \\[(.*)] not found");

    private Violations() {
    }

    static List<Violation> of(ValidationException root) {
        List<Violation> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(ValidationException e, List<Violation> out) {
        if (out.size() >= MAX) {
            return;
        }
        if (e.getCausingExceptions().isEmpty()) {
            out.add(leaf(e));
            return;
        }
        for (ValidationException cause : e.getCausingExceptions()) {
            collect(cause, out);
        }
    }

    /** A JSON pointer into the payload; a missing required property points at where it belongs. */
    private static Violation leaf(ValidationException e) {
        String pointer = e.getPointerToViolation() == null ? "#" : e.getPointerToViolation();
        String path = pointer.startsWith("#") ? pointer.substring(1) : pointer;
        String message = e.getErrorMessage();
        Matcher missing = MISSING_KEY.matcher(message == null ? "" : message);
        if ("required".equals(e.getKeyword()) && missing.matches()) {
            path = path + "/" + missing.group(1).replace("~", "~0").replace("/", "~1");
            message = "required property '" + missing.group(1) + "' is missing";
        }
        return new Violation(path, message);
    }
}
