package dev.marina.operator.render;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar of a container image reference ({@code [registry[:port]/]path[:tag][@digest]}), as the container
 * runtimes' shared reference library defines it. Kubernetes takes any text as a pod's image and fails only when the
 * kubelet pulls it, member by member; checking the operator's setting at its start turns that into one message.
 */
public final class ImageReference {

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile("^(" + NAME + ")(?::" + TAG + ")?(?:@" + DIGEST + ")?$");
    private static final int MAXIMUM_NAME_LENGTH = 255;

    private ImageReference() {}

    public static boolean isValid(String reference) {
        if (reference == null) {
            return false;
        }
        Matcher matcher = REFERENCE.matcher(reference);
        return matcher.matches() && matcher.group(1).length() <= MAXIMUM_NAME_LENGTH;
    }
}
