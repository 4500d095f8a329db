/**
 * Marina on Kubernetes: custom resource definitions generated from the model ({@code crd}), the Kubernetes objects
 * a cluster gets ({@code render}), and, to come, the Kubernetes runtime and store behind the same control core and the
 * operator that runs it.
 */
package dev.marina.operator;
