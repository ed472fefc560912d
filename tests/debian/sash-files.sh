-mkdir work/sash-files
cd work/sash-files
-cp ../../debian/sash-files.sh orig
-cp orig copy1
-dd if=orig of=part bs=16 count=2 skip=1
-sum orig copy1 part
-grep -n sash orig
-grep -i DD orig
-chmod 600 copy1
-ln -s orig soft
-ln orig hard
-mkdir sub
-cp orig copy1 sub
-ls -F sub soft hard orig
-file orig part sub soft
-gzip copy1 -o packed.gz
-gunzip packed.gz -o unpacked
-cmp orig unpacked
-tar cf arch.tar orig part
-mkdir x
cd x
-tar xf ../arch.tar
-sum orig part
cd ..
-mv part sub
-ls sub
-rm sub/orig sub/copy1 sub/part
-rmdir sub
-ls -d sub
umask 077
umask
-touch masked
-ls -F masked
source ../../debian/sash-sourced.txt
-echo after the sourced file
exit
-echo not reached
