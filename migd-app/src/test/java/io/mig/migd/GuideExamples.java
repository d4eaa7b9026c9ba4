package io.mig.migd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code curl} examples of a section of docs/USER-GUIDE.md, exactly as written there. */
final class GuideExamples {
    static final Path GUIDE = Path.of("..", "docs", "USER-GUIDE.md");

    private GuideExamples() {
    }

    /** The bash code blocks starting with {@code curl} between the headings "## {from})" and the next "## ". */
    static List<String> curlBlocks(int section) {
        List<String> lines;
        try {
            lines = Files.readAllLines(GUIDE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> blocks = new ArrayList<>();
        boolean inSection = false;
        StringBuilder block = null;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## " + section + ")");
                continue;
            }
            if (!inSection) {
                continue;
            }
            if (block == null && line.equals("```bash")) {
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                if (block.toString().startsWith("curl")) {
                    blocks.add(block.toString().trim());
                }
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** The example with only host and port changed (SPEC: "changing at most host and port"). */
    static String against(String example, String baseUrl) {
        return example.replace("http://localhost:8080", baseUrl);
    }
}
