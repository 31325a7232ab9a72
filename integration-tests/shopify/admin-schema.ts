import { readFileSync } from "fs"
import {
  buildSchema,
  FieldNode,
  getNamedType,
  getNullableType,
  GraphQLCompositeType,
  GraphQLError,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  isAbstractType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  parse,
  SelectionSetNode,
  DocumentNode,
  FragmentDefinitionNode,
  validate,
  valueFromASTUntyped,
} from "graphql"
import { getArgumentValues, getVariableValues } from "graphql/execution/values"
import { join } from "path"

/** The Admin API schema the stand-in holds every request to (admin-schema.graphql beside this file). */
export const adminSchema: GraphQLSchema = buildSchema(readFileSync(join(__dirname, "admin-schema.graphql"), "utf8"))

/** Shopify's cap on one query's requested cost. */
export const SINGLE_QUERY_MAX_COST = 1000

export type ShopifyGraphqlError = { message: string; locations?: { line: number; column: number }[]; path?: unknown[]; extensions: Record<string, unknown> }

export type CheckedOperation = {
  document: DocumentNode
  operation: OperationDefinitionNode
  /** The first root field's name (`orders`, `discountCodeBasicCreate`, …): what the stand-in answers. */
  rootField: string
  /** The root field's arguments, literals and variables resolved. */
  args: Record<string, any>
  variables: Record<string, unknown>
  requestedCost: number
}

/**
 * Parses and validates one request as Shopify does before running it:
 * syntax, fields, arguments, variable types and input fields against the
 * schema. Answers Shopify's error shapes (`errors[]`, HTTP 200) for what it
 * refuses, else the operation and its requested cost.
 */
export function checkOperation(
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string
): { ok: CheckedOperation } | { errors: ShopifyGraphqlError[] } {
  let document: DocumentNode
  try {
    document = parse(query)
  } catch (e) {
    const error = e as GraphQLError
    return { errors: [shopifyError(error.message.replace(/^Syntax Error: /, "Parse error: "), "parseError", error)] }
  }
  const invalid = validate(adminSchema, document)
  if (invalid.length) {
    return { errors: invalid.map(translate) }
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined
  if (!operation) {
    return { errors: [{ message: "An operation name is required", extensions: { code: "operationNameRequired" } }] }
  }
  const coerced = getVariableValues(adminSchema, operation.variableDefinitions ?? [], variables ?? {})
  if (coerced.errors) {
    return { errors: coerced.errors.map((e) => variableError(e, operation, variables ?? {})) }
  }
  const rootNode = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD)
  const rootField = rootNode?.name.value ?? ""
  const rootType = operation.operation === "mutation" ? adminSchema.getMutationType()! : adminSchema.getQueryType()!
  const args = rootNode ? getArgumentValues(rootType.getFields()[rootField], rootNode, coerced.coerced) : {}
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f])
  )
  const requestedCost = operationCost(operation, coerced.coerced, fragments)
  return { ok: { document, operation, rootField, args, variables: coerced.coerced, requestedCost } }
}

/**
 * The requested cost of an operation, by the rules of Shopify's "GraphQL
 * Admin API rate limits" page (shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
 * - a scalar or enum field costs 0, an object field 1 plus its selection;
 * - an interface or union costs the most expensive of its possible selections;
 * - a connection (a type named `…Connection`) costs 2 plus `first` (or
 *   `last`) times the cost of one node (1 plus the node's selection);
 *   `pageInfo`, `edges` and `cursor` are part of those 2;
 * - a plain list of objects sized by a `first` argument costs `first` times
 *   one element; an unsized list costs as one object;
 * - every mutation field costs 10, whatever it selects.
 * The requested cost is what the query could cost at most; the stand-in
 * charges it as the actual cost too (Shopify refunds the difference when a
 * connection returns fewer nodes; the stand-in does not, which only makes it
 * stricter).
 */
export function operationCost(
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  fragments: Record<string, FragmentDefinitionNode> = {}
): number {
  if (operation.operation === "mutation") {
    return operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD).length * 10
  }
  const root = operation.operation === "query" ? adminSchema.getQueryType()! : adminSchema.getMutationType()!
  return selectionCost(operation.selectionSet, root, variables, fragments)
}

function selectionCost(
  set: SelectionSetNode | undefined,
  type: GraphQLCompositeType,
  variables: Record<string, unknown>,
  fragments: Record<string, FragmentDefinitionNode>
): number {
  if (!set) return 0
  if (isAbstractType(type)) {
    const possible = adminSchema.getPossibleTypes(type)
    return Math.max(0, ...possible.map((t) => objectSelectionCost(set, t, variables, fragments)))
  }
  return objectSelectionCost(set, type as GraphQLObjectType, variables, fragments)
}

function objectSelectionCost(
  set: SelectionSetNode,
  type: GraphQLObjectType,
  variables: Record<string, unknown>,
  fragments: Record<string, FragmentDefinitionNode>
): number {
  let total = 0
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const field = type.getFields()[selection.name.value]
      if (field) total += fieldCost(selection, field, variables, fragments)
      continue
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value]
    const condition = fragment?.typeCondition?.name.value
    const applies = !condition || condition === type.name || type.getInterfaces().some((i) => i.name === condition) || isMemberOfUnion(condition, type)
    if (fragment && applies) {
      total += objectSelectionCost(fragment.selectionSet, type, variables, fragments)
    }
  }
  return total
}

function isMemberOfUnion(name: string, type: GraphQLObjectType) {
  const union = adminSchema.getType(name)
  return !!union && isAbstractType(union) && adminSchema.isSubType(union, type)
}

function fieldCost(node: FieldNode, field: GraphQLField<unknown, unknown>, variables: Record<string, unknown>, fragments: Record<string, FragmentDefinitionNode>): number {
  const named = getNamedType(field.type)
  if (isLeafType(named)) return 0
  const composite = named as GraphQLCompositeType
  const size = sizeOf(node, variables)
  if (isObjectType(named) && named.name.endsWith("Connection")) {
    const nodeType = getNamedType(named.getFields().nodes.type) as GraphQLCompositeType
    let perNode = 0
    for (const child of node.selectionSet?.selections ?? []) {
      if (child.kind !== Kind.FIELD) continue
      if (child.name.value === "nodes") perNode = Math.max(perNode, 1 + selectionCost(child.selectionSet, nodeType, variables, fragments))
      if (child.name.value === "edges") {
        const inner = child.selectionSet?.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === "node")
        if (inner) perNode = Math.max(perNode, 1 + selectionCost(inner.selectionSet, nodeType, variables, fragments))
      }
    }
    return 2 + (size ?? 0) * perNode
  }
  const one = 1 + selectionCost(node.selectionSet, composite, variables, fragments)
  return isListType(getNullableType(field.type)) && size !== null ? size * one : one
}

function sizeOf(node: FieldNode, variables: Record<string, unknown>): number | null {
  for (const name of ["first", "last"]) {
    const argument = node.arguments?.find((a) => a.name.value === name)
    if (argument) {
      const value = valueFromASTUntyped(argument.value, variables)
      if (typeof value === "number") return value
    }
  }
  return null
}

function shopifyError(message: string, code: string, error?: GraphQLError, extra: Record<string, unknown> = {}): ShopifyGraphqlError {
  const locations = error?.locations?.map(({ line, column }) => ({ line, column }))
  return { message, ...(locations?.length ? { locations } : {}), extensions: { code, ...extra } }
}

/** graphql-js's validation messages in the words and codes Shopify answers with. */
function translate(error: GraphQLError): ShopifyGraphqlError {
  let m: RegExpExecArray | null
  if ((m = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(error.message))) {
    return shopifyError(`Field '${m[1]}' doesn't exist on type '${m[2]}'`, "undefinedField", error, { typeName: m[2], fieldName: m[1] })
  }
  if ((m = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"/.exec(error.message))) {
    return shopifyError(`Field '${m[3]}' doesn't accept argument '${m[1]}'`, "argumentNotAccepted", error, { name: m[3], typeName: "Field", argumentName: m[1] })
  }
  if ((m = /^Field "(\w+)" argument "(\w+)" of type "([^"]+)" is required/.exec(error.message))) {
    return shopifyError(`Field '${m[1]}' is missing required arguments: ${m[2]}`, "missingRequiredArguments", error, { className: "Field", name: m[1], arguments: m[2] })
  }
  if ((m = /^Unknown type "(\w+)"/.exec(error.message))) {
    return shopifyError(`${m[1]} isn't a defined input type`, "variableRequiresValidType", error, { typeName: m[1] })
  }
  if ((m = /^Field "(\w+)" must not have a selection since type "([^"]+)" has no subfields/.exec(error.message))) {
    return shopifyError(`Selections can't be made on scalars (field '${m[1]}' returns ${m[2]} but has selections)`, "selectionMismatch", error)
  }
  if ((m = /^Field "(\w+)" of type "([^"]+)" must have a selection of subfields/.exec(error.message))) {
    return shopifyError(`Field must have selections (field '${m[1]}' returns ${m[2]} but has no selections.)`, "selectionMismatch", error)
  }
  return shopifyError(error.message, "validationError", error)
}

/** A variable that does not fit its type (an unknown input field, a wrong type), as Shopify's INVALID_VARIABLE. */
function variableError(error: GraphQLError, operation: OperationDefinitionNode, variables: Record<string, unknown>): ShopifyGraphqlError {
  const name = /^Variable "\$(\w+)"/.exec(error.message)?.[1] ?? ""
  const definition = operation.variableDefinitions?.find((d) => d.variable.name.value === name)
  const type = definition ? printType(definition.type) : "?"
  const detail = error.message.replace(/^Variable "\$\w+" got invalid value [^;]*; /, "")
  const field = /Field "(\w+)" is not defined by type "(\w+)"/.exec(detail)
  const explanation = field ? `Field is not defined on ${field[2]}` : detail
  return {
    message: `Variable $${name} of type ${type} was provided invalid value${field ? ` for ${field[1]}` : ""} (${explanation})`,
    locations: definition?.loc ? [{ line: definition.loc.startToken.line, column: definition.loc.startToken.column }] : undefined,
    extensions: { code: "INVALID_VARIABLE", value: variables[name] ?? null, problems: [{ path: field ? [field[1]] : [], explanation }] },
  }
}

function printType(node: any): string {
  if (node.kind === Kind.NON_NULL_TYPE) return `${printType(node.type)}!`
  if (node.kind === Kind.LIST_TYPE) return `[${printType(node.type)}]`
  return node.name.value
}

/**
 * Shopify's leaky bucket for one app on one shop: `maximumAvailable`
 * points, refilled at `restoreRate` per second. A query runs when the
 * bucket holds its requested cost, which it then takes; otherwise the
 * answer is THROTTLED and nothing is taken. `now` is injectable so a test
 * can run the bucket on a clock it advances.
 */
export class LeakyBucket {
  private available: number
  private at: number

  constructor(
    public maximumAvailable = 2000,
    public restoreRate = 100,
    private readonly now: () => number = Date.now
  ) {
    this.available = maximumAvailable
    this.at = now()
  }

  /** Refill for the time passed; then take `cost` if the bucket holds it. */
  take(cost: number): boolean {
    const t = this.now()
    this.available = Math.min(this.maximumAvailable, this.available + ((t - this.at) / 1000) * this.restoreRate)
    this.at = t
    if (cost > this.available) return false
    this.available -= cost
    return true
  }

  status() {
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate }
  }

  reset(maximumAvailable = this.maximumAvailable, restoreRate = this.restoreRate) {
    this.maximumAvailable = maximumAvailable
    this.restoreRate = restoreRate
    this.available = maximumAvailable
    this.at = this.now()
  }
}
