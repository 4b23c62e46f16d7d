/**
 * Shell completion scripts (`tim-callback completion bash|zsh|fish`), generated from a
 * description of the program: its commands, their options and arguments, and the values each
 * takes. The description is derived from the commander program and the catalogue at generation
 * time (src/commands/completion/spec.ts); the script bakes it in as case tables, so a TAB runs no
 * process, except for profile names, which depend on the directory and are asked of
 * `tim-callback completion --values profiles` when needed.
 *
 * Each script stands alone: bash needs no bash-completion package, zsh only its own compinit,
 * fish nothing.
 */

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** What an option's value or an argument may be. */
export type ValueKind =
  /** Anything: nothing to offer (a URL, a number). */
  | { type: 'none' }
  | { type: 'files' }
  | { type: 'words'; words: readonly string[] }
  /** Comma-separated words (`--cases a,b`). */
  | { type: 'list'; words: readonly string[] }
  /** Sample names: the defaults, and `<alias>:<variant>` once a colon is typed. */
  | { type: 'samples' }
  /** Profile names of the config file found from the current directory. */
  | { type: 'profiles' };

export interface OptionSpec {
  /** `-i`, `--interactive`. */
  names: readonly string[];
  /** null for a flag that takes no value. */
  value: ValueKind | null;
}

export interface CommandSpec {
  /** The words after the program name: [] for the program, ['fixtures', 'show']. */
  path: readonly string[];
  subcommands: readonly string[];
  options: readonly OptionSpec[];
  /** The positional arguments, in order. */
  args: readonly ValueKind[];
}

export interface CompletionSpec {
  program: string;
  commands: readonly CommandSpec[];
  /** Names a sample argument completes: the command aliases, CallbackCommands, fixture names. */
  samples: readonly string[];
  /** `<alias>:<variant>` names, offered once the word has a colon. */
  variants: readonly string[];
}

/** The completion script for a shell. */
export function completionScript(shell: Shell, spec: CompletionSpec): string {
  const tables = buildTables(spec);
  return shell === 'fish' ? fishScript(spec, tables) : posixScript(shell, spec, tables);
}

/** The case tables every script is made of, as plain data. */
interface Tables {
  /** Key of a command: the program name and its path, space-separated. */
  keys: string[];
  subs: Map<string, string[]>;
  opts: Map<string, string[]>;
  /** `<key>|<option>` of every option that takes a value, with its kind. */
  optionValues: Map<string, ValueKind>;
  /** `<key>|<position>` of every positional argument that has something to offer. */
  argValues: Map<string, ValueKind>;
}

function keyOf(program: string, path: readonly string[]): string {
  return [program, ...path].join(' ');
}

function buildTables(spec: CompletionSpec): Tables {
  const tables: Tables = {
    keys: [],
    subs: new Map(),
    opts: new Map(),
    optionValues: new Map(),
    argValues: new Map(),
  };
  for (const command of spec.commands) {
    const key = keyOf(spec.program, command.path);
    tables.keys.push(key);
    tables.subs.set(key, [...command.subcommands]);
    tables.opts.set(
      key,
      command.options.flatMap((o) => o.names),
    );
    for (const option of command.options) {
      if (option.value === null) continue;
      for (const name of option.names) tables.optionValues.set(`${key}|${name}`, option.value);
    }
    command.args.forEach((kind, index) => {
      if (kind.type !== 'none') tables.argValues.set(`${key}|${index}`, kind);
    });
  }
  return tables;
}

// Words never contain a quote, a space or a backslash (option names, aliases, ids); anything that
// does is left out rather than risk breaking the script.
const SAFE_WORD = /^[A-Za-z0-9_.:,@+=/-]+$/;

function safeWords(words: readonly string[]): string[] {
  return words.filter((w) => SAFE_WORD.test(w));
}

/** A single-quoted shell word; the keys and words here never hold a quote. */
function q(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A word list kept once in a variable, by content. */
class WordLists {
  readonly names = new Map<string, string>();
  constructor(private readonly prefix: string) {}
  ref(words: readonly string[]): string {
    const text = safeWords(words).join(' ');
    let name = this.names.get(text);
    if (name === undefined) {
      name = `${this.prefix}${this.names.size}`;
      this.names.set(text, name);
    }
    return name;
  }
}

// ---- bash and zsh: one engine in the shell language both run -------------------------------

/** Sets _tcb_kind (files|words|list|profiles|none) and _tcb_words for a kind. */
function posixKind(kind: ValueKind, lists: WordLists): string {
  switch (kind.type) {
    case 'words':
      return `_tcb_kind=words; _tcb_words=$${lists.ref(kind.words)}`;
    case 'list':
      return `_tcb_kind=list; _tcb_words=$${lists.ref(kind.words)}`;
    case 'samples':
      return `_tcb_kind=words; case "$_tcb_cur" in *:*) _tcb_words=$_tcb_variants ;; *) _tcb_words=$_tcb_samples ;; esac`;
    default:
      return `_tcb_kind=${kind.type}`;
  }
}

function posixCase(subject: string, arms: [string, string][], fallback: string): string {
  const lines = arms.map(([pattern, body]) => `    ${q(pattern)}) ${body} ;;`);
  return `  case "${subject}" in\n${lines.join('\n')}\n    *) ${fallback} ;;\n  esac`;
}

function posixTables(spec: CompletionSpec, t: Tables, lists: WordLists): string {
  const subs = posixCase(
    '$1',
    t.keys
      .filter((k) => (t.subs.get(k) ?? []).length > 0)
      .map((k) => [k, `_tcb_subs=${q(safeWords(t.subs.get(k) ?? []).join(' '))}`]),
    "_tcb_subs=''",
  );
  const opts = posixCase(
    '$1',
    t.keys.map((k) => [k, `_tcb_words=$${lists.ref(t.opts.get(k) ?? [])}`]),
    "_tcb_words=''",
  );
  const takes = [...t.optionValues.keys()].map(q).join('|');
  const optionValues = posixCase(
    '$1|$2',
    [...t.optionValues].map(([key, kind]) => [key, posixKind(kind, lists)]),
    '_tcb_kind=none',
  );
  const argValues = posixCase(
    '$1|$2',
    [...t.argValues].map(([key, kind]) => [key, posixKind(kind, lists)]),
    '_tcb_kind=none',
  );
  return [
    '_tim_callback_subs() {',
    subs,
    '}',
    '_tim_callback_opts() {',
    opts,
    '}',
    '_tim_callback_takes_value() {',
    `  case "$1|$2" in\n    ${takes || "''"}) return 0 ;;\n  esac\n  return 1`,
    '}',
    '_tim_callback_option_value() {',
    optionValues,
    '}',
    '_tim_callback_arg_value() {',
    argValues,
    '}',
    `_tcb_samples=${q(safeWords(spec.samples).join(' '))}`,
    `_tcb_variants=${q(safeWords(spec.variants).join(' '))}`,
  ].join('\n');
}

/**
 * The engine: from the words before the cursor, finds the command (walking subcommands, skipping
 * options and the values they take) and how many arguments it has; then offers the current
 * option's values, the command's options (a word starting with -), or the next argument's values
 * and the subcommands. Variables are all _tcb_*: zsh ties `path` and `words` to its own.
 */
function posixEngine(program: string): string {
  return `# $1: the word being completed; then the words between the program name and it.
_tim_callback_engine() {
  local _tcb_cur="$1" _tcb_key=${q(program)} _tcb_npos=0 _tcb_pending='' _tcb_w
  shift
  for _tcb_w in "$@"; do
    if [ -n "$_tcb_pending" ]; then _tcb_pending=''; continue; fi
    case "$_tcb_w" in
      -*=*) continue ;;
      -*) _tim_callback_takes_value "$_tcb_key" "$_tcb_w" && _tcb_pending="$_tcb_w"; continue ;;
    esac
    if [ "$_tcb_npos" -eq 0 ]; then
      _tim_callback_subs "$_tcb_key"
      case " $_tcb_subs " in *" $_tcb_w "*) _tcb_key="$_tcb_key $_tcb_w"; continue ;; esac
    fi
    _tcb_npos=$((_tcb_npos + 1))
  done
  _tcb_words=''
  if [ -n "$_tcb_pending" ]; then
    _tim_callback_option_value "$_tcb_key" "$_tcb_pending"
    return
  fi
  case "$_tcb_cur" in
    -*) _tcb_kind=words; _tim_callback_opts "$_tcb_key"; return ;;
  esac
  _tim_callback_arg_value "$_tcb_key" "$_tcb_npos"
  if [ "$_tcb_npos" -eq 0 ]; then
    _tim_callback_subs "$_tcb_key"
    if [ -n "$_tcb_subs" ]; then
      case "$_tcb_kind" in words) _tcb_words="$_tcb_subs $_tcb_words" ;; *) _tcb_kind=words; _tcb_words="$_tcb_subs" ;; esac
    fi
  fi
}`;
}

function posixWordLists(lists: WordLists): string {
  return [...lists.names].map(([text, name]) => `${name}=${q(text)}`).join('\n');
}

const BASH_WRAPPER = `# Bash: the words come from COMP_LINE up to the cursor (COMP_WORDS splits at ':' and '=', which
# sample names and URLs hold); replies then replace only the piece bash split off.
_tim_callback() {
  local _tcb_line _tcb_cur _tcb_piece _tcb_prefix _tcb_i
  local -a _tcb_args
  if [ -n "\${COMP_LINE-}" ]; then
    _tcb_line=\${COMP_LINE:0:\${COMP_POINT:-\${#COMP_LINE}}}
    read -r -a _tcb_args <<< "$_tcb_line"
    case "$_tcb_line" in *[[:space:]]) _tcb_args+=('') ;; esac
  else
    _tcb_args=("\${COMP_WORDS[@]:0:COMP_CWORD+1}")
  fi
  [ "\${#_tcb_args[@]}" -lt 2 ] && _tcb_args+=('')
  _tcb_cur=\${_tcb_args[\${#_tcb_args[@]}-1]}
  _tim_callback_engine "$_tcb_cur" "\${_tcb_args[@]:1:\${#_tcb_args[@]}-2}"
  COMPREPLY=()
  case "$_tcb_kind" in
    files) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$_tcb_cur")) ;;
    list)
      _tcb_prefix=\${_tcb_cur%"\${_tcb_cur##*,}"}
      COMPREPLY=($(compgen -P "$_tcb_prefix" -W "$_tcb_words" -- "\${_tcb_cur##*,}")) ;;
    profiles) COMPREPLY=($(compgen -W "$(command tim-callback completion --values profiles 2>/dev/null)" -- "$_tcb_cur")) ;;
    words) COMPREPLY=($(compgen -W "$_tcb_words" -- "$_tcb_cur")) ;;
  esac
  _tcb_piece=\${COMP_WORDS[COMP_CWORD]-}
  if [ -n "$_tcb_piece" ] && [ "$_tcb_piece" != "$_tcb_cur" ]; then
    _tcb_prefix=\${_tcb_cur%"$_tcb_piece"}
    if [ "$_tcb_prefix" != "$_tcb_cur" ]; then
      for _tcb_i in "\${!COMPREPLY[@]}"; do
        COMPREPLY[_tcb_i]=\${COMPREPLY[_tcb_i]#"$_tcb_prefix"}
      done
    fi
  fi
  return 0
}
complete -o default -F _tim_callback tim-callback`;

const ZSH_WRAPPER = `_tim_callback() {
  local _tcb_cur="\${words[CURRENT]}"
  _tim_callback_engine "$_tcb_cur" "\${(@)words[2,CURRENT-1]}"
  case "$_tcb_kind" in
    files) _files ;;
    list) compset -P '*,'; compadd -S '' -- \${=_tcb_words} ;;
    profiles) compadd -- \${(f)"$(command tim-callback completion --values profiles 2>/dev/null)"} ;;
    words) compadd -- \${=_tcb_words} ;;
    *) return 1 ;;
  esac
}
if [ "$funcstack[1]" = "_tim_callback" ]; then
  _tim_callback "$@"
else
  (( $+functions[compdef] )) || { autoload -Uz compinit && compinit; }
  compdef _tim_callback tim-callback
fi`;

function posixScript(shell: 'bash' | 'zsh', spec: CompletionSpec, tables: Tables): string {
  const lists = new WordLists('_tcb_w');
  const body = posixTables(spec, tables, lists);
  const header =
    shell === 'zsh'
      ? `#compdef ${spec.program}\n# zsh completion for ${spec.program}: source it after compinit, or save it as _${spec.program} in a directory of $fpath.`
      : `# bash completion for ${spec.program}: source it (e.g. from ~/.bashrc). Needs no bash-completion package.`;
  return [
    header,
    `# Generated by '${spec.program} completion ${shell}'; regenerate after an upgrade.`,
    posixWordLists(lists),
    body,
    posixEngine(spec.program),
    shell === 'bash' ? BASH_WRAPPER : ZSH_WRAPPER,
    '',
  ].join('\n');
}

// ---- fish: the same engine in fish's language ------------------------------------------------

function fishList(words: readonly string[]): string {
  const safe = safeWords(words);
  return safe.length === 0 ? 'true' : `printf '%s\\n' ${safe.map(q).join(' ')}`;
}

function fishKind(kind: ValueKind): string {
  switch (kind.type) {
    case 'words':
      return `echo words; ${fishList(kind.words)}`;
    case 'list':
      return `echo list; ${fishList(kind.words)}`;
    case 'samples':
      return `echo words; if string match -q -- '*:*' $argv[3]; __tim_callback_variants; else; __tim_callback_samples; end`;
    default:
      return `echo ${kind.type}`;
  }
}

function fishSwitch(subject: string, arms: [string, string][], fallback: string): string {
  const lines = arms.map(([pattern, body]) => `        case ${q(pattern)}\n            ${body}`);
  return `    switch "${subject}"\n${lines.join('\n')}\n        case '*'\n            ${fallback}\n    end`;
}

function fishFunction(name: string, body: string): string {
  return `function ${name}\n${body}\nend`;
}

function fishTables(spec: CompletionSpec, t: Tables): string {
  return [
    fishFunction(
      '__tim_callback_subs',
      fishSwitch(
        '$argv[1]',
        t.keys.map((k) => [k, fishList(t.subs.get(k) ?? [])]),
        'true',
      ),
    ),
    fishFunction(
      '__tim_callback_opts',
      fishSwitch(
        '$argv[1]',
        t.keys.map((k) => [k, fishList(t.opts.get(k) ?? [])]),
        'true',
      ),
    ),
    fishFunction(
      '__tim_callback_takes_value',
      fishSwitch(
        '$argv[1]|$argv[2]',
        [...t.optionValues.keys()].map((k) => [k, 'return 0']),
        'return 1',
      ),
    ),
    fishFunction(
      '__tim_callback_option_value',
      fishSwitch(
        '$argv[1]|$argv[2]',
        [...t.optionValues].map(([k, kind]) => [k, fishKind(kind)]),
        'echo none',
      ),
    ),
    fishFunction(
      '__tim_callback_arg_value',
      fishSwitch(
        '$argv[1]|$argv[2]',
        [...t.argValues].map(([k, kind]) => [k, fishKind(kind)]),
        'echo none',
      ),
    ),
    fishFunction('__tim_callback_samples', `    ${fishList(spec.samples)}`),
    fishFunction('__tim_callback_variants', `    ${fishList(spec.variants)}`),
  ].join('\n');
}

function fishEngine(program: string): string {
  return `# The candidates for the word $argv[1], given the words before it ($argv[2..]).
function __tim_callback_candidates
    set -l cur $argv[1]
    set -l key ${q(program)}
    set -l npos 0
    set -l pending ''
    for w in $argv[2..-1]
        if test -n "$pending"
            set pending ''
            continue
        end
        switch $w
            case '-*=*'
                continue
            case '-*'
                if __tim_callback_takes_value $key $w
                    set pending $w
                end
                continue
        end
        if test $npos -eq 0; and contains -- $w (__tim_callback_subs $key)
            set key "$key $w"
            continue
        end
        set npos (math $npos + 1)
    end
    set -l answer
    if test -n "$pending"
        set answer (__tim_callback_option_value $key $pending $cur)
    else if string match -q -- '-*' $cur
        set answer words (__tim_callback_opts $key)
    else
        set answer (__tim_callback_arg_value $key $npos $cur)
        if test $npos -eq 0
            set -l subs (__tim_callback_subs $key)
            if test (count $subs) -gt 0
                if test "$answer[1]" = words
                    set answer words $subs $answer[2..-1]
                else
                    set answer words $subs
                end
            end
        end
    end
    switch $answer[1]
        case words
            printf '%s\\n' $answer[2..-1]
        case list
            set -l prefix (string replace -r '[^,]*$' '' -- $cur)
            for word in $answer[2..-1]
                echo "$prefix$word"
            end
        case files
            __fish_complete_path $cur
        case profiles
            command tim-callback completion --values profiles 2>/dev/null
    end
end
function __tim_callback_complete
    set -l words (commandline -opc)
    __tim_callback_candidates (commandline -ct) $words[2..-1]
end
complete -c ${program} -f -a '(__tim_callback_complete)'`;
}

function fishScript(spec: CompletionSpec, tables: Tables): string {
  return [
    `# fish completion for ${spec.program}: save it as ~/.config/fish/completions/${spec.program}.fish`,
    `# Generated by '${spec.program} completion fish'; regenerate after an upgrade.`,
    fishTables(spec, tables),
    fishEngine(spec.program),
    '',
  ].join('\n');
}
