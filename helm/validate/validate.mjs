// Validates rendered Kubernetes manifests offline: every document against the schema of its
// apiVersion and kind, from the kubernetes-models packages (Kubernetes core, KEDA, Prometheus
// Operator). No cluster, no network.
//
//   helm template colorize-farm | node validate.mjs          # reads standard input
//   node validate.mjs rendered.yaml [more.yaml ...]
//
// Prints one JSON object: {"valid": [{"apiVersion", "kind", "name"}...], "invalid": [... "errors"]}.
// Exits 0 when every document is valid, 1 when any is invalid or of a kind no schema here
// knows (a kind nobody validates must not pass silently), 2 on bad input.
//
// The schemas are the API's OpenAPI ones: they catch wrong types, missing required fields and
// bad enum values, not unknown fields (Kubernetes' OpenAPI schemas allow those).
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// apiVersion -> module holding its models. Core and built-in groups come from kubernetes-models.
const CUSTOM_GROUPS = {
  "keda.sh/v1alpha1": "@kubernetes-models/keda/keda.sh/v1alpha1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

function moduleOf(apiVersion) {
  if (CUSTOM_GROUPS[apiVersion]) {
    return CUSTOM_GROUPS[apiVersion];
  }
  if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion)) {
    return null;
  }
  // Groups without a dot are Kubernetes' own (apps, batch, policy, autoscaling); dotted ones
  // must be *.k8s.io to be built in.
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  if (group.includes(".") && !group.endsWith(".k8s.io")) {
    return null;
  }
  return `kubernetes-models/${apiVersion}`;
}

async function validate(doc) {
  const { apiVersion, kind } = doc;
  const name = doc.metadata?.name ?? "(no name)";
  const where = { apiVersion, kind, name };
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return { ...where, errors: ["apiVersion and kind are required"] };
  }
  const module = moduleOf(apiVersion);
  let Model;
  try {
    Model = module && (await import(module))[kind];
  } catch (e) {
    Model = undefined;
  }
  if (typeof Model !== "function") {
    return { ...where, errors: [`no schema for ${apiVersion} ${kind}`] };
  }
  try {
    new Model(doc).validate();
    return where;
  } catch (e) {
    return { ...where, errors: [e.message] };
  }
}

function readInput(paths) {
  if (paths.length === 0) {
    return [["(stdin)", readFileSync(0, "utf8")]];
  }
  return paths.map((path) => [path, readFileSync(path, "utf8")]);
}

async function main(paths) {
  const valid = [];
  const invalid = [];
  for (const [source, text] of readInput(paths)) {
    for (const parsed of parseAllDocuments(text)) {
      if (parsed.errors.length > 0) {
        console.error(`${source}: not YAML: ${parsed.errors[0].message}`);
        return 2;
      }
      const doc = parsed.toJS();
      if (doc === null || doc === undefined) {
        continue; // an empty document between two separators
      }
      const result = await validate(doc);
      (result.errors ? invalid : valid).push(result);
    }
  }
  console.log(JSON.stringify({ valid, invalid }));
  if (valid.length === 0 && invalid.length === 0) {
    console.error("no manifests in the input");
    return 2;
  }
  return invalid.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
