-echo sash simple commands
-mkdir work/sash
cd work/sash
-mkdir dir1 dir2
-touch dir1/a dir1/b dir2/c
-ls dir1 dir2
-echo wild dir1/*
-cp dir1/a dir2/copy
-mv dir2/c dir2/moved
-ls dir2
-rm dir1/a
-ls dir1
-rmdir dir1
-ls -d dir1 dir2
-echo 'quoted   words' "and $HOME" back\ slash
setenv GREETING hello
-printenv GREETING
-echo $GREETING
echo external echo via busybox
seq 3
ls dir2
-cp ../../debian/sash-commands.sh script
-grep sash script
-sum script
-cmp dir2/copy dir2/moved
alias hi -echo alias works
hi
