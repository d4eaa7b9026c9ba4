package io.mig.migd;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The classes a module's compiled classes refer to, read from their constant pools with the JDK alone:
 * every class named in a class reference or in a field or method descriptor appears there as
 * {@code io/mig/...}, whether the source imported it or spelled its qualified name.
 */
final class ClassReferences {
    private ClassReferences() {
    }

    /**
     * For each class of the module that holds {@code marker} (a classes directory or a jar), the names
     * it refers to that start with one of {@code forbidden} (slash form, e.g. {@code io/mig/core/internal/}).
     */
    static Map<String, Set<String>> forbidden(Class<?> marker, List<String> forbidden) {
        Map<String, Set<String>> found = new TreeMap<>();
        for (Map.Entry<String, byte[]> type : classes(marker).entrySet()) {
            Set<String> hits = new TreeSet<>();
            for (String constant : utf8Constants(type.getValue())) {
                for (String prefix : forbidden) {
                    int at = constant.indexOf(prefix);
                    if (at >= 0) {
                        int end = at;
                        while (end < constant.length() && constant.charAt(end) != ';' && constant.charAt(end) != '<') {
                            end++;
                        }
                        hits.add(constant.substring(at, end).replace('/', '.'));
                    }
                }
            }
            if (!hits.isEmpty()) {
                found.put(type.getKey(), hits);
            }
        }
        return found;
    }

    /** Every class file of the module holding {@code marker}, by class name. */
    static Map<String, byte[]> classes(Class<?> marker) {
        Path location;
        try {
            location = Path.of(marker.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Map<String, byte[]> classes = new TreeMap<>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        classes.put(name(location.relativize(file).toString().replace('\\', '/')), Files.readAllBytes(file));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry entry = entries.nextElement();
                        if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                classes.put(name(entry.getName()), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (classes.isEmpty()) {
            throw new IllegalStateException("no classes found at " + location);
        }
        return classes;
    }

    private static String name(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    /** The text constants of a class file's constant pool (JVMS §4.4). */
    static List<String> utf8Constants(byte[] classFile) {
        List<String> texts = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            in.readUnsignedShort(); // minor version
            in.readUnsignedShort(); // major version
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> texts.add(in.readUTF());
                    case 3, 4 -> in.skipNBytes(4); // Integer, Float
                    case 5, 6 -> { // Long, Double take two entries
                        in.skipNBytes(8);
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2); // Class, String, MethodType, Module, Package
                    case 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // refs, NameAndType, (Invoke)Dynamic
                    case 15 -> in.skipNBytes(3); // MethodHandle
                    default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }
}
