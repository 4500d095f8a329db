package dev.marina.testkit.kubernetes;

/**
 * One pass of a mock controller: looks at the objects it cares about and moves each one step towards what the real
 * controller would make of it. Passes are idempotent: an object already where it should be is not written again, so a
 * settled mock API server stays still (resourceVersions do not move).
 */
@FunctionalInterface
public interface MockController {

    void pass();
}
