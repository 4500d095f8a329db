/**
 * The Kubernetes face of the model: the custom resource classes that wrap marina-api's spec and status records, and
 * the generation of their CustomResourceDefinitions (checked in under {@code deploy/crds}).
 */
package dev.marina.operator.crd;
