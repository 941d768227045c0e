import type { Field } from './schema.js';
import { display, getPath, type Values } from './workload.js';

export const fieldId = (path: string) => `f-${path.replace(/\./g, '-')}`;
const errorId = (path: string) => `err-${path.replace(/\./g, '-')}`;
const hintId = (path: string) => `hint-${path.replace(/\./g, '-')}`;

interface Props {
  fields: Field[];
  values: Values;
  errors: Record<string, string[]>;
  onChange: (path: string, value: unknown) => void;
}

/** The workload form, one control per schema attribute: enums as selects, enum arrays as checkbox groups. */
export function WorkloadFields({ fields, values, errors, onChange }: Props) {
  return (
    <div class="fields">
      {fields.map((f) => (
        <FieldControl key={f.path} field={f} values={values} errors={errors} onChange={onChange} />
      ))}
    </div>
  );
}

function FieldError({ path, errors }: { path: string; errors: Record<string, string[]> }) {
  const messages = errors[path];
  if (!messages?.length) return null;
  return (
    <p class="field-error" id={errorId(path)} data-testid={`field-error-${path}`}>
      {messages.join('; ')}
    </p>
  );
}

function describedBy(field: Field, errors: Record<string, string[]>): string | undefined {
  const ids = [field.description ? hintId(field.path) : '', errors[field.path]?.length ? errorId(field.path) : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Hint({ field }: { field: Field }) {
  return field.description ? (
    <p class="hint" id={hintId(field.path)}>
      {field.description}
    </p>
  ) : null;
}

function FieldControl({ field, values, errors, onChange }: { field: Field } & Omit<Props, 'fields'>) {
  const value = getPath(values, field.path);
  const invalid = errors[field.path]?.length ? true : undefined;
  const common = { id: fieldId(field.path), name: field.path, 'aria-invalid': invalid, 'aria-describedby': describedBy(field, errors) };
  const label = (
    <label for={fieldId(field.path)}>
      {field.label}
      {field.required ? <span class="required"> (required)</span> : null}
    </label>
  );
  switch (field.kind) {
    case 'group':
      return (
        <fieldset class={`field group${invalid ? ' invalid' : ''}`} data-field={field.path} aria-describedby={describedBy(field, errors)}>
          <legend>{field.label}</legend>
          <Hint field={field} />
          <FieldError path={field.path} errors={errors} />
          <WorkloadFields fields={field.fields} values={values} errors={errors} onChange={onChange} />
        </fieldset>
      );
    case 'checkboxes': {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <fieldset class={`field checkboxes${invalid ? ' invalid' : ''}`} data-field={field.path} aria-describedby={describedBy(field, errors)}>
          <legend>{field.label}</legend>
          <div class="choices">
            {field.options.map((option) => (
              <label key={option} class="choice">
                <input
                  type="checkbox"
                  name={field.path}
                  id={`${fieldId(field.path)}-${option}`}
                  value={option}
                  checked={chosen.includes(option)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    onChange(field.path, on ? [...chosen, option] : chosen.filter((c) => c !== option));
                  }}
                />
                {option}
              </label>
            ))}
          </div>
          <Hint field={field} />
          <FieldError path={field.path} errors={errors} />
        </fieldset>
      );
    }
    case 'checkbox':
      return (
        <div class={`field checkbox${invalid ? ' invalid' : ''}`} data-field={field.path}>
          <label class="choice" for={fieldId(field.path)}>
            <input {...common} type="checkbox" checked={value === undefined ? field.default : value === true} onChange={(e) => onChange(field.path, e.currentTarget.checked)} />
            {field.label}
          </label>
          <Hint field={field} />
          <FieldError path={field.path} errors={errors} />
        </div>
      );
    case 'select': {
      const current = value === undefined ? (field.default ?? '') : display(value);
      return (
        <div class={`field${invalid ? ' invalid' : ''}`} data-field={field.path}>
          {label}
          <select {...common} value={current} onChange={(e) => onChange(field.path, e.currentTarget.value || undefined)}>
            {field.default === undefined ? <option value="">{field.required ? 'Choose…' : '(not set)'}</option> : null}
            {field.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          <Hint field={field} />
          <FieldError path={field.path} errors={errors} />
        </div>
      );
    }
    case 'number':
      return (
        <div class={`field${invalid ? ' invalid' : ''}`} data-field={field.path}>
          {label}
          <input
            {...common}
            type="number"
            inputMode={field.integer ? 'numeric' : 'decimal'}
            step={field.integer ? 1 : 'any'}
            min={field.minimum}
            max={field.maximum}
            value={display(value)}
            onInput={(e) => onChange(field.path, e.currentTarget.value)}
          />
          <Hint field={field} />
          <FieldError path={field.path} errors={errors} />
        </div>
      );
    case 'text':
      return (
        <div class={`field${invalid ? ' invalid' : ''}`} data-field={field.path}>
          {label}
          <input {...common} type="text" autoComplete="off" maxLength={field.maxLength} value={display(value)} onInput={(e) => onChange(field.path, e.currentTarget.value)} />
          <Hint field={field} />
          <FieldError path={field.path} errors={errors} />
        </div>
      );
  }
}
