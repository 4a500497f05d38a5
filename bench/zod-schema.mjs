// The validated JS peer: a zod schema of the same models with the same rules as the package's
// wasm scanner (include/zenml/scanner.hpp, BasicScanner::page/service/...): required vs optional
// and nullable fields, UUIDs and timestamps checked, labels string-to-string, unknown keys kept
// (looseObject, as the scanner passes them through). Takes `z` so that Node and the browser
// page can hand in the same zod module.

export function makeSchemas(z) {
  const uuid = z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);
  const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/);
  const optStr = z.string().nullish();
  const ref = z.looseObject({ id: uuid, name: optStr }).nullish();
  const ServiceResponse = z.looseObject({
    id: uuid,
    name: z.string(),
    permission_denied: z.boolean().optional(),
    body: z
      .looseObject({
        created: timestamp,
        updated: timestamp,
        user_id: uuid.nullish(),
        project_id: uuid,
        service_type: z.looseObject({
          type: z.string(),
          flavor: z.string(),
          name: z.string().optional(),
          description: z.string().optional(),
          logo_url: z.string().optional(),
        }),
        labels: z.record(z.string(), z.string()).nullish(),
        state: optStr,
      })
      .nullish(),
    metadata: z
      .looseObject({
        service_source: optStr,
        admin_state: optStr,
        config: z.record(z.string(), z.unknown()),
        status: z.record(z.string(), z.unknown()).nullish(),
        endpoint: z.record(z.string(), z.unknown()).nullish(),
        prediction_url: optStr,
        health_check_url: optStr,
      })
      .nullish(),
    resources: z.looseObject({ user: ref, pipeline_run: ref, model_version: ref }).nullish(),
  });
  const Page = z.looseObject({
    index: z.number().int(),
    max_size: z.number().int(),
    total_pages: z.number().int(),
    total: z.number().int(),
    items: z.array(ServiceResponse),
  });
  return { ServiceResponse, Page };
}
