package dev.landfall.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The configuration properties one service binds, read from its Java sources: every
 * {@code @ConfigurationProperties("prefix")} record (and the records nested in it) in the service and
 * in {@code common}, plus the standard Spring groups the services use. Answers whether an environment
 * variable reaches one of them through Spring's relaxed binding.
 *
 * <p>Spring maps a property such as {@code landfall.storage.s3.path-style} to the environment names
 * {@code LANDFALL_STORAGE_S3_PATHSTYLE} (dashes removed) and {@code LANDFALL_STORAGE_S3_PATH_STYLE}
 * (dashes as underscores); both are accepted here, nothing else.
 */
final class BoundProperties {

    /** Standard Spring groups the deployments may set; leaf names there are Spring's business. */
    static final List<String> SPRING_GROUPS = List.of(
            "spring.datasource.", "spring.kafka.", "spring.flyway.", "spring.jpa.", "spring.threads.",
            "management.", "logging.");
    static final Set<String> SPRING_PROPERTIES = Set.of("server.port", "spring.profiles.active");
    /** Read by the JVM or the container, not by Spring. */
    static final Set<String> NON_SPRING_VARIABLES = Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "TZ");

    private static final Pattern CONFIGURATION_PROPERTIES = Pattern.compile(
            "@ConfigurationProperties\\s*\\(\\s*(?:(?:value|prefix)\\s*=\\s*)?\"([^\"]+)\"\\s*\\)");
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "\\b(record|class)\\s+(\\w+)\\s*(?:<[^>{(]*>)?\\s*(\\()?");
    private static final Pattern NAME_ANNOTATION = Pattern.compile("@Name\\s*\\(\\s*(?:value\\s*=\\s*)?\"([^\"]+)\"");
    private static final Set<String> OPEN_TYPES = Set.of(
            "List", "Set", "Collection", "Map", "Properties", "SortedMap", "LinkedHashMap", "HashMap");

    /** Exact property names (kebab-case) bound by records. */
    private final Set<String> properties;
    /** Property prefixes under which any name binds (maps, lists, JavaBean classes). */
    private final Set<String> openPrefixes;

    private BoundProperties(Set<String> properties, Set<String> openPrefixes) {
        this.properties = properties;
        this.openPrefixes = openPrefixes;
    }

    /** Properties bound by the service module's sources and by common's. */
    static BoundProperties ofModule(Path repositoryRoot, String module) {
        Path sources = repositoryRoot.resolve(module).resolve("src/main/java");
        if (!Files.isDirectory(repositoryRoot.resolve(module))) {
            throw new IllegalArgumentException("no module " + module + " in " + repositoryRoot);
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (Path dir : List.of(sources, repositoryRoot.resolve("common/src/main/java"))) {
            files.putAll(readJavaSources(dir));
        }
        return ofSources(files);
    }

    /** Parses the given Java sources (file name to text). */
    static BoundProperties ofSources(Map<String, String> sources) {
        Map<String, TypeDecl> types = new LinkedHashMap<>();
        List<Root> roots = new ArrayList<>();
        sources.forEach((file, raw) -> {
            String text = stripComments(raw);
            Matcher m = TYPE_DECLARATION.matcher(text);
            while (m.find()) {
                TypeDecl decl = m.group(1).equals("record") && m.group(3) != null
                        ? new TypeDecl(m.group(2), file, components(text, m.end()))
                        : new TypeDecl(m.group(2), file, null);
                types.putIfAbsent(file + "#" + decl.name(), decl);
                types.putIfAbsent(decl.name(), decl);
            }
            Matcher cp = CONFIGURATION_PROPERTIES.matcher(text);
            while (cp.find()) {
                Matcher next = TYPE_DECLARATION.matcher(text);
                if (next.find(cp.end())) {
                    roots.add(new Root(cp.group(1), file, next.group(2)));
                }
            }
        });
        Set<String> properties = new LinkedHashSet<>();
        Set<String> open = new LinkedHashSet<>();
        for (Root root : roots) {
            collect(root.prefix(), lookup(types, root.file(), root.type()), types, properties, open, 0);
        }
        return new BoundProperties(properties, open);
    }

    Set<String> properties() {
        return properties;
    }

    /** Whether Spring binds {@code variable} to a property of this service. */
    boolean binds(String variable) {
        if (NON_SPRING_VARIABLES.contains(variable)) {
            return true;
        }
        String dotted = variable.toLowerCase(Locale.ROOT).replace('_', '.');
        if (SPRING_PROPERTIES.contains(dotted) || SPRING_GROUPS.stream().anyMatch(dotted::startsWith)) {
            return true;
        }
        for (String property : properties) {
            if (environmentNames(property).contains(variable)) {
                return true;
            }
        }
        for (String prefix : openPrefixes) {
            for (String name : environmentNames(prefix)) {
                if (variable.startsWith(name + "_")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Spring's two environment-variable forms of a property name. */
    static Set<String> environmentNames(String property) {
        String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
        return new LinkedHashSet<>(List.of(upper.replace("-", ""), upper.replace('-', '_')));
    }

    /** {@code pathStyle} to {@code path-style}, as Spring's DataObjectPropertyName does. */
    static String kebab(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void collect(String prefix, @Nullable TypeDecl type, Map<String, TypeDecl> types,
                                Set<String> properties, Set<String> open, int depth) {
        if (type == null || type.components() == null || depth > 8) {
            open.add(prefix); // not a record we can read (a JavaBean class, or unknown): accept the group
            return;
        }
        for (Component c : type.components()) {
            String property = prefix + "." + c.name();
            String raw = c.type().replaceAll("\\s+", "");
            String outer = raw.replaceAll("<.*", "").replaceAll(".*\\.", "");
            @Nullable TypeDecl nested = OPEN_TYPES.contains(outer) || raw.endsWith("[]") ? null : lookup(types, type.file(), outer);
            if (nested != null && nested.components() != null) {
                collect(property, nested, types, properties, open, depth + 1);
            } else {
                properties.add(property);
                if (OPEN_TYPES.contains(outer) || raw.endsWith("[]")) {
                    open.add(property); // indexed or keyed entries: PROPERTY_0, PROPERTY_KEY
                }
            }
        }
    }

    private static @Nullable TypeDecl lookup(Map<String, TypeDecl> types, String file, String name) {
        TypeDecl local = types.get(file + "#" + name);
        return local != null ? local : types.get(name);
    }

    /** Record components between the parenthesis at {@code start - 1} and its match. */
    private static List<Component> components(String text, int start) {
        List<String> parts = new ArrayList<>();
        int depthParen = 0;
        int depthAngle = 0;
        boolean inString = false;
        StringBuilder current = new StringBuilder();
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                current.append(c);
                if (c == '\\' && i + 1 < text.length()) {
                    current.append(text.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depthParen++;
            } else if (c == ')') {
                if (depthParen == 0) {
                    parts.add(current.toString());
                    break;
                }
                depthParen--;
            } else if (c == '<') {
                depthAngle++;
            } else if (c == '>') {
                depthAngle--;
            } else if (c == ',' && depthParen == 0 && depthAngle == 0) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        List<Component> components = new ArrayList<>();
        for (String part : parts) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            Matcher name = NAME_ANNOTATION.matcher(p);
            @Nullable String explicit = name.find() ? name.group(1) : null;
            String declaration = removeAnnotations(p).trim();
            int split = declaration.lastIndexOf(' ');
            if (split < 0) {
                continue;
            }
            String componentName = declaration.substring(split + 1).trim();
            String componentType = declaration.substring(0, split).trim();
            components.add(new Component(explicit != null ? explicit : kebab(componentName), componentType));
        }
        return components;
    }

    /** Drops {@code @Foo}, {@code @a.b.Foo(...)} (balanced parentheses, strings respected). */
    private static String removeAnnotations(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '@') {
                i++;
                while (i < s.length() && (Character.isJavaIdentifierPart(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i < s.length() && s.charAt(i) == '(') {
                    int depth = 0;
                    boolean inString = false;
                    for (; i < s.length(); i++) {
                        char d = s.charAt(i);
                        if (inString) {
                            if (d == '\\') {
                                i++;
                            } else if (d == '"') {
                                inString = false;
                            }
                        } else if (d == '"') {
                            inString = true;
                        } else if (d == '(') {
                            depth++;
                        } else if (d == ')' && --depth == 0) {
                            i++;
                            break;
                        }
                    }
                }
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().replaceAll("\\s+", " ");
    }

    private static String stripComments(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//[^\\n\"]*$", " ");
    }

    private static Map<String, String> readJavaSources(Path dir) {
        Map<String, String> files = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                files.put(p.toString(), Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private record Root(String prefix, String file, String type) {
    }

    private record TypeDecl(String name, String file, @Nullable List<Component> components) {
    }

    private record Component(String name, String type) {
    }
}
