package io.mig.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code mig-bom} manages every module of the reactor, at the reactor's version, and nothing else —
 * so a module added to the root {@code pom.xml} without a BOM entry fails the build here.
 */
class BomListsEveryModuleTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void theBomManagesEveryModuleAtTheReactorVersion() throws Exception {
        Document parent = read(ROOT.resolve("pom.xml"));
        Document bom = read(ROOT.resolve("mig-bom/pom.xml"));

        Set<String> modules = new TreeSet<>();
        for (String module : texts(parent.getDocumentElement(), "modules", "module")) {
            Document pom = read(ROOT.resolve(module).resolve("pom.xml"));
            String group = child(pom.getDocumentElement(), "groupId"); // null: io.mig, from the parent
            // examples (io.mig.examples) are built with the product but are not part of it
            if (!"mig-bom".equals(child(pom.getDocumentElement(), "artifactId")) && (group == null || group.equals("io.mig"))) {
                modules.add(child(pom.getDocumentElement(), "artifactId"));
            }
        }
        Set<String> managed = new TreeSet<>();
        Element management = element(bom.getDocumentElement(), "dependencyManagement");
        assertThat(management).as("mig-bom has a dependencyManagement section").isNotNull();
        for (Element dependency : elements(element(management, "dependencies"), "dependency")) {
            assertThat(child(dependency, "groupId")).as("mig-bom manages our modules only").isEqualTo("io.mig");
            assertThat(child(dependency, "version")).isEqualTo("${project.version}");
            managed.add(child(dependency, "artifactId"));
        }

        assertThat(modules).as("modules of the root pom.xml").contains("mig-core", "mig-client");
        assertThat(managed).as("artifacts managed by mig-bom/pom.xml").containsExactlyElementsOf(modules);
        assertThat(child(bom.getDocumentElement(), "version")).as("mig-bom's version")
                .isEqualTo(child(parent.getDocumentElement(), "version"));
        for (Element plugin : elements(element(element(bom.getDocumentElement(), "build"), "plugins"), "plugin")) {
            assertThat(child(plugin, "version")).as("mig-bom's %s is mig-parent's", child(plugin, "artifactId"))
                    .isEqualTo(managedPluginVersion(parent, child(plugin, "artifactId")));
        }
        assertThat(element(bom.getDocumentElement(), "parent"))
                .as("mig-bom has no parent: it would hand mig-parent's third-party versions to every importer").isNull();
    }

    private static String managedPluginVersion(Document parent, String artifactId) {
        Element plugins = element(element(element(parent.getDocumentElement(), "build"), "pluginManagement"), "plugins");
        for (Element plugin : elements(plugins, "plugin")) {
            if (artifactId.equals(child(plugin, "artifactId"))) {
                return child(plugin, "version");
            }
        }
        throw new AssertionError(artifactId + " is not in mig-parent's pluginManagement");
    }

    private static Document read(Path pom) throws Exception {
        assertThat(pom).exists();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (var in = Files.newInputStream(pom)) {
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static List<String> texts(Element root, String section, String name) {
        return elements(element(root, section), name).stream().map(e -> e.getTextContent().trim()).toList();
    }

    private static String child(Element parent, String name) {
        Element e = element(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    /** A direct child element (not a descendant: a dependency's groupId is not the project's). */
    private static Element element(Element parent, String name) {
        List<Element> found = elements(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> elements(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node node = children.item(i);
            if (node instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }
}
