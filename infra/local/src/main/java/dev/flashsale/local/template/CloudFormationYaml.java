package dev.flashsale.local.template;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads CloudFormation YAML, keeping short-form tags ({@code !Ref}, {@code !Sub}, ...) as {@link Intrinsic}s. */
public final class CloudFormationYaml {

    private CloudFormationYaml() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return (Map<String, Object>) new Yaml(new TagKeepingConstructor(options)).load(reader);
        }
    }

    private static final class TagKeepingConstructor extends SafeConstructor {

        TagKeepingConstructor(LoaderOptions options) {
            super(options);
            // Unknown tags are CloudFormation functions: keep the name, construct the argument plainly.
            this.yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue();
                    String function = tag.startsWith("!") ? tag.substring(1) : tag;
                    Object argument;
                    if (node instanceof ScalarNode scalar) {
                        argument = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        argument = constructSequence(sequence);
                    } else {
                        argument = constructMapping((MappingNode) node);
                    }
                    return new Intrinsic(function, argument);
                }
            });
        }
    }
}
