@problemName Missing
@dimensions 1
@missing true
@classLabel true 1 2
@data
1,2,3:1
1,?,3:2
4,5:2
