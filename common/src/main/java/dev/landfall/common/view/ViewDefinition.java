package dev.landfall.common.view;

import java.util.regex.Pattern;

/**
 * One team view: its name (the {@code <view>} of {@code /t/<view>/simple/}), the base it filters and its policy.
 * Private projects will join this record when uploads land; until then a view is a filtered cut of its base.
 *
 * @param name   lowercase letters, digits and single inner dashes, at most {@value #MAX_NAME} characters
 * @param base   what the view filters; only {@value #BASE_PYPI} (the default view {@code /simple/}) exists today
 * @param policy the deterministic filter applied to the base at each snapshot W
 */
public record ViewDefinition(String name, String base, ViewPolicy policy) {

    public static final String BASE_PYPI = "pypi";
    public static final int MAX_NAME = 64;
    private static final Pattern NAME = Pattern.compile("[a-z0-9](?:-?[a-z0-9])*");

    public ViewDefinition {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("view name must be lowercase letters, digits and single inner dashes, "
                    + "at most " + MAX_NAME + " characters: '" + name + "'");
        }
        if (!BASE_PYPI.equals(base)) {
            throw new IllegalArgumentException("view base must be '" + BASE_PYPI + "' (the default view): '" + base + "'");
        }
    }

    public static boolean isValidName(String name) {
        return name.length() <= MAX_NAME && NAME.matcher(name).matches();
    }
}
