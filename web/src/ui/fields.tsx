import { useId, type ReactNode } from 'react';
import {
  Button as AriaButton,
  CheckboxButton,
  CheckboxField,
  FieldError,
  Input,
  Label,
  Text,
  TextArea,
  TextField,
  type ButtonProps,
} from 'react-aria-components';

/** A labelled text input with help text and an error message announced to screen readers. */
export function Field(props: {
  label: string;
  name: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'datetime-local' | 'search';
  value: string;
  onChange: (value: string) => void;
  isRequired?: boolean;
  autoComplete?: string;
  description?: string;
  inputMode?: 'numeric' | 'text' | 'email';
  maxLength?: number;
  autoFocus?: boolean;
}) {
  return (
    <TextField
      className="field"
      name={props.name}
      type={props.type ?? 'text'}
      value={props.value}
      onChange={props.onChange}
      isRequired={props.isRequired ?? false}
      autoComplete={props.autoComplete ?? 'off'}
      inputMode={props.inputMode ?? 'text'}
      maxLength={props.maxLength ?? 500}
      autoFocus={props.autoFocus ?? false}
    >
      <Label>{props.label}</Label>
      <Input />
      {props.description && <Text slot="description">{props.description}</Text>}
      <FieldError />
    </TextField>
  );
}

/** A labelled multi-line text input, with optional help text, like `Field`. */
export function TextAreaField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  maxLength?: number;
  isRequired?: boolean;
  isDisabled?: boolean;
  onBlur?: () => void;
  description?: string;
}) {
  return (
    <TextField
      className="field"
      value={props.value}
      onChange={props.onChange}
      maxLength={props.maxLength ?? 5000}
      isRequired={props.isRequired ?? false}
      isDisabled={props.isDisabled ?? false}
      {...(props.onBlur && { onBlur: props.onBlur })}
    >
      <Label>{props.label}</Label>
      <TextArea rows={props.rows ?? 3} />
      {props.description && <Text slot="description">{props.description}</Text>}
      <FieldError />
    </TextField>
  );
}

/** A button; `variant` sets its weight. */
export function Button(props: ButtonProps & { variant?: 'primary' | 'secondary' | 'danger' }) {
  const { variant = 'secondary', className, ...rest } = props;
  return (
    <AriaButton
      {...rest}
      className={`button button-${variant} ${typeof className === 'string' ? className : ''}`}
    />
  );
}

/**
 * A labelled single choice from a list, as the browser's own select: the lightest widget to load, keyboard
 * and screen-reader support built in, and the phone's native picker on mobile.
 */
export function Choice<K extends string>(props: {
  label: string;
  options: readonly { key: K; label: string }[];
  value: K;
  onChange: (key: K) => void;
  name?: string;
  isDisabled?: boolean;
  /** The label is read out but not shown (a table row whose column header already says it). */
  labelHidden?: boolean;
  /** What the choice does, read out with it. */
  description?: string;
}) {
  const id = useId();
  const help = useId();
  return (
    <div className="field">
      <label htmlFor={id} className={props.labelHidden ? 'visually-hidden' : undefined}>
        {props.label}
      </label>
      <select
        id={id}
        className="select"
        name={props.name}
        value={props.value}
        aria-describedby={props.description ? help : undefined}
        disabled={props.isDisabled ?? false}
        onChange={(event) => {
          const found = props.options.find((o) => o.key === event.currentTarget.value);
          if (found) props.onChange(found.key);
        }}
      >
        {props.options.map((o) => (
          <option key={o.key} value={o.key}>
            {o.label}
          </option>
        ))}
      </select>
      {props.description && (
        <span id={help} className="field-description">
          {props.description}
        </span>
      )}
    </div>
  );
}

/** A checkbox with its label. */
export function Check(props: {
  children: ReactNode;
  isSelected: boolean;
  onChange: (selected: boolean) => void;
  isDisabled?: boolean;
}) {
  return (
    <CheckboxField
      isSelected={props.isSelected}
      onChange={props.onChange}
      isDisabled={props.isDisabled ?? false}
    >
      <CheckboxButton className="checkbox">
        <span className="checkbox-box" aria-hidden="true">
          {props.isSelected ? '✓' : ''}
        </span>
        {props.children}
      </CheckboxButton>
    </CheckboxField>
  );
}

/** A form submit handler that stops the browser's own submission and runs `action`. */
export function submitWith(action: () => unknown) {
  return (event: { preventDefault(): void }) => {
    event.preventDefault();
    void action();
  };
}

/**
 * A password input: `current` for signing in or confirming, `new` for choosing one (with the length advice
 * and the browser's password-manager hints set accordingly).
 */
export function PasswordField(props: {
  kind: 'current' | 'new';
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  description?: string;
}) {
  return (
    <Field
      label={props.label}
      name={props.name}
      type="password"
      value={props.value}
      onChange={props.onChange}
      isRequired
      autoComplete={props.kind === 'new' ? 'new-password' : 'current-password'}
      {...(props.description !== undefined && { description: props.description })}
      maxLength={256}
    />
  );
}
