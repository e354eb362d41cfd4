# bash completion for ptviz
_ptviz()
{
	local cur prev words cword
	_init_completion || return

	local cmd=run i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		record | render | export | report) cmd=${words[i]}; break ;;
		--) return ;;
		-*) ;;
		*) [[ $cmd == run ]] && { _command_offset $i; return; } ;;
		esac
	done

	case $prev in
	-o | --output | --tree | --timeline | --perfetto | --debug) _filedir; return ;;
	-O | --output-dir | --steps) _filedir -d; return ;;
	-p | --pid) _pids; return ;;
	--format) COMPREPLY=($(compgen -W 'svg png pdf dot' -- "$cur")); return ;;
	--theme) COMPREPLY=($(compgen -W 'light dark print' -- "$cur")); return ;;
	--ids) COMPREPLY=($(compgen -W 'pid stable' -- "$cur")); return ;;
	--time) COMPREPLY=($(compgen -W 'auto linear compact' -- "$cur")); return ;;
	--lang) COMPREPLY=($(compgen -W 'en zh' -- "$cur")); return ;;
	--ipc) COMPREPLY=($(compgen -W 'auto objects edges' -- "$cur")); return ;;
	--timeline-from) COMPREPLY=($(compgen -W 'exec launch' -- "$cur")); return ;;
	--color) COMPREPLY=($(compgen -W 'auto always never' -- "$cur")); return ;;
	--for | --stack-depth | --output-max | --fold | --max-nodes | --font | --font-size | --scale | --dpi | --title | --steps-every) return ;;
	esac

	local rec='-p --pid --for --io --output-max --no-output -k --stack --stack-depth --subreaper --every-open --no-seccomp --no-sched --exact --debug -h --help'
	local ren='--format --theme --font --font-size --ids --fold --no-fold --max-nodes --time --timeline-from --ipc --scale --dpi --title --no-title --numbers --lang --steps --steps-every'
	case $cmd in
	record) COMPREPLY=($(compgen -W "-o --output $rec" -- "$cur")) ;;
	render) [[ $cur == -* ]] && COMPREPLY=($(compgen -W "--tree --timeline --html $ren -h --help" -- "$cur")) || _filedir jsonl ;;
	export) [[ $cur == -* ]] && COMPREPLY=($(compgen -W '--perfetto --ids -h --help' -- "$cur")) || _filedir jsonl ;;
	report) [[ $cur == -* ]] && COMPREPLY=($(compgen -W '--json --check --ids --color --lang -h --help' -- "$cur")) || _filedir jsonl ;;
	run)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-O --output-dir -q --quiet --color --version $rec $ren" -- "$cur"))
		else
			COMPREPLY=($(compgen -W 'record render export report' -- "$cur"))
			COMPREPLY+=($(compgen -c -- "$cur"))
		fi
		;;
	esac
}
complete -F _ptviz ptviz
