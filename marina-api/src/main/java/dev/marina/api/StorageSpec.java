package dev.marina.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.marina.api.validation.Quantity;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Per-member storage. {@code size} is a Kubernetes quantity such as {@code 1Gi}; it may grow but never shrink. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!has(self.size) || !isQuantity(self.size) || quantity(self.size).compareTo(quantity('16Mi')) >= 0",
        message = "storage.size is too small; give at least 16Mi")
@ValidationRule(
        value = "!has(oldSelf.size) || (has(self.size) && (!isQuantity(self.size) || !isQuantity(oldSelf.size)"
                + " || quantity(self.size).compareTo(quantity(oldSelf.size)) >= 0))",
        message = "storage.size cannot shrink or be removed once set; storage can only grow")
public record StorageSpec(
        // Bounded so that the API server can afford the CEL rules on it.
        @Size(max = 32)
        @Pattern(Quantity.PATTERN)
        @JsonPropertyDescription("Size of each member's volume, a quantity such as 10Gi. It may grow, never shrink.")
        String size,

        @JsonPropertyDescription("The StorageClass of the members' volumes (Kubernetes only).")
        String storageClassName) {}
