/**
 * A labelled file chooser that hands over the chosen file and then empties itself, so the file shows once: in
 * the list it was added to, not also in the chooser as if still waiting. The native input keeps keyboard and
 * screen-reader use.
 */
export function FileInput(props: { label: string; accept?: string; onFile: (file: File) => void }) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="file"
        {...(props.accept !== undefined && { accept: props.accept })}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) props.onFile(file);
          event.currentTarget.value = '';
        }}
      />
    </label>
  );
}
