/**
 * fabric8's mock API server (CRUD mode) with an indexed store: the same answers, found without reading every stored
 * object. fabric8's store finds an object for every request by testing each stored object's attributes against the
 * request's, under one lock, so a request costs time in proportion to all the objects stored and thousands of
 * clusters' objects take quadratic time; {@link IndexedCrudDispatcher} says how the index keeps fabric8's behaviour.
 */
package dev.marina.testkit.kubernetes.mockserver;
