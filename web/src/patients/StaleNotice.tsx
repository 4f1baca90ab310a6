/** Shown when someone else saved the record first (HTTP 412): reload, then redo the change. */
export const StaleNotice = ({ onReload }: { onReload: () => void }) => (
  <div className="notice error" role="alert">
    <p>Someone else changed this record while you were editing it, so your change was not saved. Reload the record to see their change, then make yours again.</p>
    <button className="btn" type="button" onClick={onReload}>
      Reload the record
    </button>
  </div>
);
