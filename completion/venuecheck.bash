# bash completion for venuecheck(1).  `make install` puts it in
# $(PREFIX)/share/bash-completion/completions/venuecheck; to try it from the
# source tree: source completion/venuecheck.bash
#
# Commands, each command's options (those `venuecheck help CMD` lists),
# option values, and for `explain` the rule ids of the pack in use (asked of
# `venuecheck rules --ids`, with the -r/--rules given on the line).  Plain
# bash (compgen), no bash-completion helpers needed.

# shellcheck disable=SC2207 # COMPREPLY=($(compgen ...)): words are what compgen gives
_venuecheck_opts()
{
	local all="-r --rules -l --lang -h --help -V --version"
	local report="-o --output -f --format --no-bom --raw-csv -j --jobs
		--files-from --complete --year --fail-on --progress --no-progress
		--color --limit"
	case $1 in
	check) echo "$all $report --waivers --today --baseline" ;;
	validate) echo "$all $report" ;;
	rules) echo "$all -t --tier --ids --lint --test" ;;
	template) echo "$all -t --tier -o --output --year" ;;
	explain) echo "$all --year --limit" ;;
	convert) echo "$all -o --output --limit" ;;
	trend) echo "$all -o --output -f --format --no-bom --raw-csv -j --jobs
		--files-from --complete --fail-on --progress --no-progress --limit
		--rules-for --today" ;;
	diff) echo "-l --lang -h --help -V --version -o --output -f --format --no-bom --raw-csv" ;;
	help) echo "$all" ;;
	*) echo "$all -t --tier -o --output -f --format --no-bom --raw-csv -j --jobs
		--files-from --complete --year --fail-on --progress --no-progress
		--color --limit --waivers --today --baseline --ids --lint --test --rules-for" ;;
	esac
}

# Data files and directories (no extglob: one pattern at a time).
_venuecheck_files()
{
	local x
	for x in yaml yml xlsx xlsm xls; do
		compgen -f -X "!*.$x" -- "$1"
	done
	compgen -d -- "$1"
}

# The values of an option that takes one; status 1 when opt takes none.
_venuecheck_value()
{
	local opt=$1 cur=$2
	case $opt in
	-t | --tier) COMPREPLY=($(compgen -W "city county town village" -- "$cur")) ;;
	-l | --lang) COMPREPLY=($(compgen -W "zh en" -- "$cur")) ;;
	-f | --format) COMPREPLY=($(compgen -W "text json junit github sarif csv xlsx html" -- "$cur")) ;;
	--fail-on) COMPREPLY=($(compgen -W "fail missing warning new" -- "$cur")) ;;
	--color | --colour) COMPREPLY=($(compgen -W "auto always never" -- "$cur")) ;;
	--limit) COMPREPLY=($(compgen -W "file-size= value-size= entries=" -- "$cur"))
		compopt -o nospace 2>/dev/null ;;
	-r | --rules) COMPREPLY=($(compgen -W "jiaxing-2015" -- "$cur")
			$(compgen -f -X '!*.yaml' -- "$cur") $(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null ;;
	--baseline) COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null ;;
	-o | --output | --files-from | --waivers)
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null ;;
	--test) COMPREPLY=($(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null ;;
	-j | --jobs | --year | --today | --rules-for) COMPREPLY=() ;;
	*) return 1 ;;
	esac
	return 0
}

_venuecheck()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd="" pack=() nargs=0 i w
	# bash splits --tier=town at the '=': the option is the word before it.
	if [[ $cur == "=" ]]; then
		cur="" prev=${COMP_WORDS[COMP_CWORD - 1]}
	elif [[ $prev == "=" ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		[[ ${COMP_WORDS[i + 1]} == "=" ]] && ((i++))
		case $w in
		-r | --rules) pack=(--rules "${COMP_WORDS[i + 1]}") ;&
		-t | --tier | -l | --lang | -o | --output | -f | --format | -j | --jobs | \
			--files-from | --year | --fail-on | --test | --limit | --waivers | \
			--today | --color | --colour | --rules-for | --baseline)
			((i++)) ;;
		-*) ;;
		*) if [[ -z $cmd ]]; then cmd=$w; else ((nargs++)); fi ;;
		esac
	done
	_venuecheck_value "$prev" "$cur" && return 0
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_venuecheck_opts "$cmd")" -- "$cur"))
		return 0
	fi
	case $cmd in
	"" | help)
		[[ -n $cmd && $nargs -gt 0 ]] && return 0
		COMPREPLY=($(compgen -W "check validate rules template explain convert trend diff help" -- "$cur")) ;;
	explain)
		if ((nargs == 0)); then
			COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "${pack[@]}" rules --ids 2>/dev/null)" -- "$cur"))
		else
			COMPREPLY=($(_venuecheck_files "$cur"))
			compopt -o filenames 2>/dev/null
		fi ;;
	check | validate | convert | trend)
		COMPREPLY=($(_venuecheck_files "$cur"))
		compopt -o filenames 2>/dev/null ;;
	diff)
		((nargs < 2)) || return 0
		COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null ;;
	esac
	return 0
}
complete -F _venuecheck venuecheck
