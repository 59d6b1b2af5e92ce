/** Shown when the API answers 401: the token is kept in this browser (localStorage) only. */
import { useState } from 'preact/hooks';
import { readToken, saveToken } from '../api.ts';

export function TokenPrompt() {
  const [value, setValue] = useState('');
  const hadToken = readToken() !== undefined;
  return (
    <form
      class="token-prompt"
      aria-labelledby="token-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (value.trim()) saveToken(value.trim());
      }}
    >
      <h2 id="token-title">{hadToken ? 'The saved token was refused' : 'Authentication is on'}</h2>
      <p>
        Paste a token with the <code>read</code> scope (<code>fivekeys token create --scopes read</code>);
        live events and changing settings need the <code>admin</code> scope. It is kept in this browser and
        sent as <code>Authorization: Bearer</code>.
      </p>
      <label>
        <span>Token</span>
        <input
          type="password"
          name="token"
          autoComplete="off"
          value={value}
          onInput={(event) => setValue(event.currentTarget.value)}
        />
      </label>
      <button type="submit">Use token</button>
    </form>
  );
}
