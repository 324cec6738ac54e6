package dev.acs.cloud.sim;

import dev.acs.core.model.ImageRef;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The images the simulated registries hold. Creating a container whose image the catalogue does not hold fails
 * with {@code IMAGE_PULL_FAILED}, as a pull of a missing repository or tag does on a real engine.
 */
@FunctionalInterface
public interface ImageCatalogue {

    /** Whether {@code image} can be pulled. */
    boolean contains(ImageRef image);

    /** A catalogue holding every well-formed image (the default of {@link SimCloud.Builder}). */
    static ImageCatalogue any() {
        return image -> true;
    }

    /**
     * A catalogue holding exactly the given images, written as {@link ImageRef#parse(String)} reads them;
     * {@code nginx} and {@code nginx:latest} are the same image.
     */
    static ImageCatalogue of(String... images) {
        Set<String> held = Arrays.stream(images).map(i -> ImageRef.parse(i).toString()).collect(Collectors.toSet());
        return image -> held.contains(image.toString());
    }
}
