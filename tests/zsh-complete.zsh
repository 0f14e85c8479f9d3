#!/usr/bin/zsh -f
# zsh-complete.zsh DIR LINE: the candidates zsh's completion system offers
# for LINE (completed at its end), one a line, with the completion
# functions of DIR first on $fpath.  A real interactive zsh in a zpty: its
# compadd is wrapped to print what it is given, and the completion ends the
# shell.  (After the technique of zsh-capture-completion.)
zmodload zsh/zpty || exit 2
dir=$1; shift
zpty z zsh -f -i
init=$(mktemp)
cat >$init <<INIT
PROMPT=
fpath=($dir \$fpath)
autoload -U compinit
compinit -u -D
bindkey '^I' complete-word
null-line () { echo -E - \$'\0' }
compprefuncs=( null-line )
comppostfuncs=( null-line exit )
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
zstyle ':completion:*' list-separator ''
compadd () {
  if [[ \${@[1,(i)(-(O|A|D))]} == *-(O|A|D)\ * ]]; then builtin compadd "\$@"; return \$?; fi
  typeset -a __hits
  builtin compadd -A __hits "\$@"
  (( \$#__hits == 0 )) && return
  print -l -- \$__hits
}
INIT
zpty -w z "source $init"
zpty -w z "$*"$'\t'
integer tog=0
while zpty -r z; do :; done | while IFS= read -r line; do
  if [[ $line == *$'\0\r' ]]; then
    (( tog++ )) && break || continue
  fi
  (( tog )) && print -r -- ${line%$'\r'}
done
zpty -d z
rm -f $init
