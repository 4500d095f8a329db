/**
 * Small stand-ins for the Kubernetes controllers the fabric8 mock API server (CRUD mode) lacks: it stores objects and
 * sends watch events, but nothing schedules pods, binds volumes or collects garbage. Each controller here is a loop
 * over the API that does one of those, just enough for tier-2 tests of the operator: {@link MockControllers} runs them.
 */
package dev.marina.testkit.kubernetes;
